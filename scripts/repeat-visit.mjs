// The repeat-visit budget: what the home page transfers the second time it is opened, once the
// service worker has kept the app on the phone. Headless Chromium opens the page through a
// counting proxy in front of the server in KENES_URL (loopback only), so every byte the browser
// and its service worker fetch is seen: each response's status line, headers and body. Prints
// each request and fails when the total is over the budget. Run after scripts/build.sh, with
// wrangler dev serving the build (the test command does).
import http from "node:http";
import { brotliCompressSync } from "node:zlib";
import { chromium } from "playwright-core";

const BUDGET_KB = 10;
const target = new URL(process.env.KENES_URL ?? "http://127.0.0.1:8787");

let counting = false;
const seen = [];
const proxy = http.createServer((req, res) => {
  const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    const chunks = [];
    answer.on("data", (c) => chunks.push(c));
    answer.on("end", () => {
      const body = Buffer.concat(chunks);
      const head = `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\n${Object.entries(answer.headers)
        .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}\r\n`))
        .join("")}\r\n`;
      if (counting) seen.push({ what: `${req.method} ${req.url} ${answer.statusCode}`, head: Buffer.byteLength(head), body: body.length, brotli: body.length ? brotliCompressSync(body).length : 0 });
      res.writeHead(answer.statusCode, answer.headers);
      res.end(body);
    });
  });
  upstream.on("error", () => res.writeHead(502).end());
  req.pipe(upstream);
});
await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${proxy.address().port}`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-quic"] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
await page.goto(`${base}/`, { waitUntil: "networkidle" });
await page.evaluate(() => navigator.serviceWorker.ready);
await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
await page.waitForLoadState("networkidle");
counting = true;
await page.reload({ waitUntil: "networkidle" });
await page.locator("main h1").first().waitFor();
await page.waitForTimeout(1000);
counting = false;
await browser.close();
proxy.close();

const kb = (n) => (n / 1024).toFixed(1).padStart(7);
console.log(`${"request (repeat visit of the home page)".padEnd(56)}${"head".padStart(7)}${"body".padStart(7)}${"body br".padStart(8)}`);
for (const r of seen) console.log(`${r.what.slice(0, 55).padEnd(56)}${kb(r.head)}${kb(r.body)} ${kb(r.brotli)}`);
const sum = (key) => seen.reduce((t, r) => t + r[key], 0);
const wire = sum("head") + sum("body");
const compressed = sum("head") + sum("brotli");
console.log(`repeat visit: ${seen.length} requests, ${(wire / 1024).toFixed(1)} KB as sent by wrangler dev (uncompressed), ${(compressed / 1024).toFixed(1)} KB with brotli bodies`);
console.log(`budget: ${(wire / 1024).toFixed(1)} of ${BUDGET_KB} KB`);
if (wire > BUDGET_KB * 1024) {
  console.error(`Repeat visit over budget by ${((wire - BUDGET_KB * 1024) / 1024).toFixed(1)} KB`);
  process.exit(1);
}
