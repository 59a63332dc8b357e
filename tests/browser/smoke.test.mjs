// The app shell on a phone: programmes listed from the API in Russian, then in Kazakh after
// switching, the choice remembered, a deep link reloaded, and the not-found page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, phonePage, shot, BASE } from "./browser.mjs";

let browser;
before(async () => {
  await fetch(`${BASE}/api/demo`, { method: "POST", headers: { origin: BASE } });
  browser = await launch();
});
after(() => browser?.close());

/// The demo's public proposals of the Torangy-2023 programme (decided ones, from its report).
async function torangy() {
  const { programmes } = await (await fetch(`${BASE}/api/programmes`)).json();
  return programmes.find((p) => p.name === "Torangy-2023");
}

// For tests that hold back or cut off a request with page.route: the service worker, which may
// take over the page once it has loaded, would fetch the file past the route (on a slow machine,
// before the app asks for it). With no signal it could not fetch it either.
const ROUTED = { serviceWorkers: "block" };

async function publicProposals() {
  return (await (await fetch(`${BASE}/api/proposals?programme=${(await torangy()).id}`)).json()).proposals;
}

async function publicProjectId() {
  const dashboard = await (await fetch(`${BASE}/api/programmes/${(await torangy()).id}/years/2023/dashboard`)).json();
  return dashboard.projects[0].id;
}

test("a Russian phone sees the programmes in Russian, then in Kazakh after switching", async () => {
  const page = await phonePage(browser, "ru-RU");
  const events = [];
  page.on("request", (request) => events.push(`asked ${new URL(request.url()).pathname}`));
  page.on("requestfinished", (request) => events.push(`arrived ${new URL(request.url()).pathname}`));
  await page.goto(BASE + "/");
  await page.getByRole("heading", { level: 1, name: "Программы и советы" }).waitFor();
  await page.getByRole("link", { name: "Torangy-2023" }).waitFor();
  // The list asked for once, by the page's start script, while the app's code was arriving.
  assert.equal(events.filter((e) => e === "asked /api/programmes").length, 1, events.join("\n"));
  const appArrived = events.findIndex((e) => /^arrived .*\/kenes-app_bg\.wasm$/.test(e));
  assert.ok(events.indexOf("asked /api/programmes") < appArrived, events.join("\n"));
  assert.equal(await page.getAttribute("html", "lang"), "ru");
  assert.ok(await page.getByText("Balkhash · Zhezkazgan").isVisible());
  await shot(page, "home-ru");

  await page.getByRole("button", { name: "Қазақша" }).click();
  await page.getByRole("heading", { level: 1, name: "Бағдарламалар мен кеңестер" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "kk");
  assert.equal(await page.getByRole("button", { name: "Қазақша" }).getAttribute("aria-pressed"), "true");
  await shot(page, "home-kk");

  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Бағдарламалар мен кеңестер" }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a programme opens from the list and its deep link survives a reload", async () => {
  const page = await phonePage(browser, "ru-RU");
  await page.goto(BASE + "/");
  await page.getByRole("link", { name: "Torangy-2023" }).click();
  await page.getByRole("heading", { level: 1, name: "Torangy-2023" }).waitFor();
  assert.match(page.url(), /\/programmes\/[0-9a-f-]{36}$/);
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Torangy-2023" }).waitFor();
  assert.ok(await page.getByRole("listitem").filter({ hasText: "Zhezkazgan" }).isVisible());
  await shot(page, "programme-ru");

  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "Программы и советы" }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a proposal opened by its address asks for its data and its page's code once, from the start", async () => {
  const [proposal] = await publicProposals();
  const page = await phonePage(browser, "ru-RU", ROUTED);
  const requests = [];
  const events = [];
  page.on("request", (request) => {
    requests.push(new URL(request.url()).pathname);
    events.push(`asked ${new URL(request.url()).pathname}`);
  });
  page.on("requestfinished", (request) => events.push(`arrived ${new URL(request.url()).pathname}`));
  const reads = () => requests.filter((path) => path === `/api/proposals/${proposal.id}`).length;
  // The app's code arrives after the first view is painted, as on a weak signal.
  await page.route(/kenes-app_bg\.wasm$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });

  await page.goto(`${BASE}/proposals/${proposal.id}`);
  await page.locator("main").getByRole("heading", { level: 1, name: proposal.title }).waitFor();
  assert.equal(reads(), 1, "the start script's read is the page's read");
  // The data asked for by the page's start script, while the app's own code was still arriving.
  const appArrived = events.findIndex((e) => /^arrived .*\/kenes-app_bg\.wasm$/.test(e));
  const dataAsked = events.indexOf(`asked /api/proposals/${proposal.id}`);
  assert.ok(dataAsked >= 0 && dataAsked < appArrived, `the data (event ${dataAsked}) before the app's code arrived (event ${appArrived})`);
  // The page's code preloaded by the start script once the first view was painted, and used.
  const preloads = await page.evaluate(() => [...document.querySelectorAll("link[rel=preload]")].map((l) => l.href));
  assert.ok(preloads.some((href) => href.endsWith("/split_proposals.wasm")), preloads.join(" "));
  assert.equal(requests.filter((path) => path.endsWith("/split_proposals.wasm")).length, 1, "the preloaded module is the one used");

  // Back to the list and to the proposal again: read afresh, not the start's answer again.
  await page.getByRole("link", { name: "Все предложения" }).click();
  await page.getByRole("heading", { level: 1, name: "Предложения" }).waitFor();
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: proposal.title }).waitFor();
  assert.equal(reads(), 2);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // On a fast connection the app may run before the first view is painted: then it fetches the
  // page's code itself, and the start script does not fetch it a second time.
  const fast = await phonePage(browser, "ru-RU");
  const fetched = [];
  fast.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  await fast.goto(`${BASE}/proposals/${proposal.id}`);
  await fast.locator("main").getByRole("heading", { level: 1, name: proposal.title }).waitFor();
  await fast.waitForTimeout(300);
  assert.equal(fetched.filter((path) => path.endsWith("/split_proposals.wasm")).length, 1, fetched.join("\n"));
  await fast.context().close();
});

test("a shared proposal's title and description show before the app's code arrives, and the app takes over with nothing moving", async () => {
  const proposals = await publicProposals();
  const proposal = await (await fetch(`${BASE}/api/proposals/${proposals[0].id}`)).json();
  const page = await phonePage(browser, "ru-RU", ROUTED);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(/kenes-app_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${BASE}/proposals/${proposal.summary.id}`, { waitUntil: "domcontentloaded" });

  // The app's code is held back: what the reader has is the server's first view.
  await page.getByRole("heading", { level: 1, name: proposal.summary.title }).waitFor();
  assert.ok(await page.getByText(proposal.content.description).isVisible());
  await page.evaluate(() => {
    globalThis.shifts = [];
    new PerformanceObserver((list) => globalThis.shifts.push(...list.getEntries().map((e) => e.value))).observe({ type: "layout-shift" });
  });

  release();
  await page.locator("main").getByRole("heading", { level: 1, name: proposal.summary.title }).waitFor();
  assert.equal(await page.locator("#first-view").count(), 0, "the first view is gone");
  assert.equal(await page.getByRole("heading", { level: 1 }).count(), 1, "one page, the app's");
  assert.ok(await page.getByRole("button", { name: "Русский" }).isVisible(), "with the app's header");
  assert.deepEqual(await page.evaluate(() => globalThis.shifts), [], "nothing moved as the app took over");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a shared proposal or project is painted before the app's code is asked for, so the text does not wait on it", async () => {
  const [proposal] = await publicProposals();
  for (const path of [`/proposals/${proposal.id}`, `/projects/${await publicProjectId()}`]) {
    const page = await phonePage(browser, "ru-RU");
    await page.goto(BASE + path);
    await page.locator("main").getByRole("heading", { level: 1 }).waitFor();
    const { painted, asked } = await page.evaluate(() => ({
      painted: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
      asked: Math.min(...performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/kenes-app_bg.wasm")).map((e) => e.startTime)),
    }));
    assert.ok(Number.isFinite(painted) && Number.isFinite(asked), `${path}: painted at ${painted}, app asked for at ${asked}`);
    assert.ok(asked >= painted, `${path}: the app's code was asked for at ${asked} ms, before the first view was painted at ${painted} ms`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test("when the app cannot start, a shared proposal's first view stays with the line saying why", async () => {
  const proposals = await publicProposals();
  // The texts of the interface do not arrive: the app has nothing to say anything with.
  const page = await phonePage(browser, "ru-RU", ROUTED);
  await page.route(/texts-[a-z]{2}\.txt$/, (route) => route.abort("internetdisconnected"));
  await page.goto(`${BASE}/proposals/${proposals[0].id}`);
  await page.getByText("Нет связи").waitFor();
  assert.ok(await page.getByRole("heading", { level: 1, name: proposals[0].title }).isVisible(), "the first view stays");
  await page.context().close();
});

test("a proposal's history is dated in the reader's language, in the phone's time zone", async () => {
  const proposals = await publicProposals();
  const proposal = await (await fetch(`${BASE}/api/proposals/${proposals[0].id}`)).json();
  // Tashkent keeps UTC+5 all year; the month names are the Kazakh locale file's.
  const there = new Date(Date.parse(proposal.history[0].at) + 5 * 3_600_000);
  const months = ["қаң.", "ақп.", "нау.", "сәу.", "мам.", "мау.", "шіл.", "там.", "қыр.", "қаз.", "қар.", "жел."];
  const clock = [there.getUTCHours(), there.getUTCMinutes()].map((n) => String(n).padStart(2, "0")).join(":");
  const expected = `${there.getUTCFullYear()} ж. ${there.getUTCDate()} ${months[there.getUTCMonth()]}, ${clock}`;

  const page = await phonePage(browser, "kk-KZ", { timezoneId: "Asia/Tashkent" });
  await page.goto(`${BASE}/proposals/${proposal.summary.id}`);
  await page.locator("main time").first().waitFor();
  assert.equal(await page.locator("main time").first().innerText(), expected);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an unknown address shows the not-found page with a way back", async () => {
  const page = await phonePage(browser, "en-GB");
  await page.goto(BASE + "/no/such/page");
  await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
  await shot(page, "not-found-en");
  await page.getByRole("link", { name: "Back to the programmes" }).click();
  await page.getByRole("heading", { level: 1, name: "Programmes and councils" }).waitFor();
  await page.context().close();
});

test("every tap target on the home page is at least 44 px and nothing overflows at 320 px", async () => {
  const page = await phonePage(browser, "kk-KZ");
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(BASE + "/");
  await page.getByRole("link", { name: "Torangy-2023" }).waitFor();
  const small = await page.$$eval("a, button", (els) =>
    els
      .filter((e) => e.offsetParent !== null && !e.classList.contains("skip"))
      .map((e) => ({ text: e.textContent.trim(), h: e.getBoundingClientRect().height, w: e.getBoundingClientRect().width }))
      .filter((r) => r.h < 44 || r.w < 44),
  );
  assert.deepEqual(small, []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await shot(page, "home-kk-320");
  await page.context().close();
});

test("with no connection the home page says so in the user's language and recovers on retry", async () => {
  const page = await phonePage(browser, "ru-RU", ROUTED);
  await page.route("**/api/programmes", (route) => route.abort("internetdisconnected"));
  await page.goto(BASE + "/");
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /Нет связи/);
  await shot(page, "home-offline-ru");

  await page.unroute("**/api/programmes");
  await page.getByRole("button", { name: "Повторить" }).click();
  await page.getByRole("link", { name: "Torangy-2023" }).waitFor();
  assert.equal(await page.getByRole("alert").count(), 0);
  await page.context().close();
});
