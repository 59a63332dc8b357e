// Drives Debian's Chromium (headless) with playwright-core; nothing is downloaded.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const BASE = process.env.KENES_URL ?? "http://127.0.0.1:8787";
const SHOTS = process.env.KENES_SCREENSHOTS ?? "test-output/screenshots";
mkdirSync(SHOTS, { recursive: true });

export const PHONE = { width: 390, height: 844 };

/// A language's texts, read from the locale file the app is built from.
export function localeTexts(code) {
  return Object.fromEntries(
    readFileSync(join(import.meta.dirname, "..", "..", "app", "locales", `${code}.toml`), "utf8")
      .split("\n")
      .map((line) => line.match(/^(\w+) = "(.*)"$/))
      .filter(Boolean)
      .map(([, key, text]) => [key, text.replace(/\\"/g, '"')]),
  );
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/// A page at phone size in the given browser language (and time zone) that records every console error, failed
/// request and uncaught exception, so a test can assert the page ran cleanly (CSP included).
export async function phonePage(browser, locale, { timezoneId, serviceWorkers } = {}) {
  const context = await browser.newContext({ viewport: PHONE, locale, timezoneId, serviceWorkers, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  // KENES_CPU_SLOWDOWN=4 runs the pages as on a slow phone, to bring out races a fast machine hides.
  const slowdown = Number(process.env.KENES_CPU_SLOWDOWN ?? 1);
  if (slowdown > 1) await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: slowdown });
  page.problems = [];
  // A 4xx answer is the API refusing bad input on purpose, which the tests provoke; Chromium logs
  // it as an error. Anything else logged as an error is a problem.
  const expectedRefusal = /Failed to load resource: the server responded with a status of 4\d\d/;
  page.on("console", (m) => m.type() === "error" && !expectedRefusal.test(m.text()) && page.problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => page.problems.push(`exception: ${e.message}`));
  // A request cut short by leaving or reloading the page (ERR_ABORTED) is not a failure.
  page.on("requestfailed", (r) => r.failure()?.errorText !== "net::ERR_ABORTED" && page.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/// Signs in through the sign-in page in Russian and waits for the signed-in header.
export async function signInRu(page, phone, password) {
  await page.goto(BASE + "/sign-in");
  await page.getByLabel("Номер телефона").fill(phone);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.getByRole("button", { name: "Выйти" }).waitFor();
}

/// A photo as a file chooser gives it: a PNG of `width` x `height` pixels drawn by the browser.
export async function drawnPhoto(page, width, height, name = "site.png") {
  const bytes = await page.evaluate(
    async ([w, h]) => {
      const canvas = document.createElement("canvas");
      canvas.width = w;
      canvas.height = h;
      const g = canvas.getContext("2d");
      g.fillStyle = "#3a7d5c";
      g.fillRect(0, 0, w, h);
      g.fillStyle = "#f4e3b1";
      g.fillRect(w / 8, h / 2, (w * 3) / 4, h / 4);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    },
    [width, height],
  );
  return { name, mimeType: "image/png", buffer: Buffer.from(bytes) };
}

/// Switches the network off and on through the DevTools protocol, for the pages of `context` and
/// for the service worker, which fetches on their behalf: the pages through Playwright's
/// emulation (navigator.onLine, the online and offline events), the service worker by failing
/// each of its requests as disconnected (Fetch.failRequest), since Chromium does not apply a
/// page's emulation to it. Workers started later are caught as they appear.
export async function networkSwitch(browser, context) {
  const cdp = await browser.newBrowserCDPSession();
  let offline = false;
  let next = 1;
  const attached = new Set();
  const tell = (sessionId, method, params) => cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id: next++, method, params }) });
  cdp.on("Target.receivedMessageFromTarget", ({ sessionId, message }) => {
    const m = JSON.parse(message);
    if (m.method !== "Fetch.requestPaused") return;
    const { requestId } = m.params;
    tell(sessionId, offline ? "Fetch.failRequest" : "Fetch.continueRequest", offline ? { requestId, errorReason: "InternetDisconnected" } : { requestId }).catch(() => undefined);
  });
  const watch = async (target) => {
    if (target.type !== "service_worker" || attached.has(target.targetId)) return;
    attached.add(target.targetId);
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: target.targetId, flatten: false });
    await tell(sessionId, "Fetch.enable", { patterns: [{ urlPattern: "*" }] });
  };
  cdp.on("Target.targetCreated", ({ targetInfo }) => watch(targetInfo).catch(() => undefined));
  await cdp.send("Target.setDiscoverTargets", { discover: true });
  for (const target of (await cdp.send("Target.getTargets")).targetInfos) await watch(target);
  return {
    async off() {
      offline = true;
      await context.setOffline(true);
    },
    async on() {
      offline = false;
      await context.setOffline(false);
    },
  };
}

/// Waits until `check` (run in the page, may be async) returns true. Playwright's waitForFunction
/// takes a promise for a true answer and would not wait for an async check.
export async function until(page, check, arg, { timeout = 30_000, what = "the page's check" } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(check, arg)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(200);
  }
}
