// Draws the app's icon (public/icons/icon.svg) as the PNGs the manifest lists, in Debian's
// Chromium: 192 and 512 px, and a maskable 512 px whose symbol keeps within the safe circle.
// The PNGs are kept in the repository; run this again only when the icon changes.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const icons = join(import.meta.dirname, "..", "public", "icons");
const svg = readFileSync(join(icons, "icon.svg"), "utf8");
// Maskable: a full square of the brand colour, the symbol scaled to 70% in the middle.
const maskable = svg
  .replace('<rect width="512" height="512" rx="96" fill="#0b5d4b"/>', '<rect width="512" height="512" fill="#0b5d4b"/><g transform="translate(76.8 76.8) scale(0.7)">')
  .replace("</svg>", "</g></svg>");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const [name, size, source] of [["icon-192.png", 192, svg], ["icon-512.png", 512, svg], ["icon-maskable-512.png", 512, maskable]]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const scaled = source.replace("<svg ", `<svg width="${size}" height="${size}" `);
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${scaled}`);
  await page.screenshot({ path: join(icons, name), omitBackground: true });
  console.log(`public/icons/${name}`);
}
await browser.close();
