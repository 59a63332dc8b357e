// What a shared phone keeps: the service worker keeps public data and the member's own for
// reading with no signal, but never what the API marks as one person's to see (a grievance with
// its filer's contact, a tracking page), and it drops what it kept as soon as the session ends.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { launch, phonePage, signInRu, until, shot, BASE } from "./browser.mjs";
import { get, post, signIn, MANAGERS, DEMO_PASSWORD, localSql } from "../api/client.mjs";

let browser;
before(async () => {
  await post("/api/demo");
  browser = await launch();
});
after(() => browser?.close());

/// The API paths the phone's data copy holds.
function keptOnThePhone(page) {
  return page.evaluate(async () => {
    const names = await caches.keys();
    const kept = [];
    for (const name of names.filter((n) => n.startsWith("kenes-data") || n.startsWith("kenes-photos"))) {
      for (const request of await (await caches.open(name)).keys()) kept.push(new URL(request.url).pathname);
    }
    return kept;
  });
}

/// Waits for a check made from the test's side (several page calls) to hold, for 30 seconds.
async function eventually(check, what) {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test("a manager's phone keeps no grievance filer's contact or tracking page, and forgets all once the session ends", async () => {
  const manager = await signIn(MANAGERS.talas);
  const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const description = `Пыль от дороги у школы ${randomUUID().slice(0, 8)}`;
  const filed = await post("/api/grievances", {
    body: { programme: talas.id, village: "Кара-Ой", category: "environment", description, anonymous: false, name: "Айбек Тестов", phone: "+996 555 123 456" },
    headers: { "cf-connecting-ip": `127.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  });
  assert.equal(filed.status, 201, filed.text);
  const list = (await get("/api/grievances", { cookie: manager })).json.grievances;
  let grievance;
  for (const g of list) if ((await get(`/api/grievances/${g.id}`, { cookie: manager })).json.description === description) grievance = g.id;
  assert.ok(grievance, "the grievance is on the manager's list");

  const page = await phonePage(browser, "ru-RU");
  await signInRu(page, MANAGERS.talas, DEMO_PASSWORD);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await until(page, () => navigator.serviceWorker.controller !== null, undefined, { what: "the service worker in charge" });

  // Read as the app reads them, through the service worker.
  const read = await page.evaluate(async ([grievance, code]) => {
    const statuses = [];
    for (const path of ["/api/programmes", `/api/grievances/${grievance}`, "/api/grievances", `/api/track/${code}`]) {
      statuses.push((await fetch(path)).status);
    }
    return statuses;
  }, [grievance, filed.json.code]);
  assert.deepEqual(read, [200, 200, 200, 200]);
  await until(page, async () => (await caches.keys()).some((n) => n.startsWith("kenes-data")), undefined, { what: "the data copy written" });
  const kept = await keptOnThePhone(page);
  assert.ok(kept.includes("/api/programmes"), `public data is kept for reading offline: ${kept}`);
  for (const path of kept) {
    assert.ok(!path.startsWith("/api/grievances") && !path.startsWith("/api/track"), `${path} was kept on the phone`);
  }

  // The session ends on the server (expired, or signed out on another phone): the next answer
  // that says so drops everything the phone kept.
  const [me] = localSql(`SELECT id FROM members WHERE phone = '${MANAGERS.talas}'`);
  localSql(`DELETE FROM sessions WHERE member_id = '${me.id}' AND created_at > '${new Date(Date.now() - 120_000).toISOString()}'`);
  const status = await page.evaluate(async () => (await fetch("/api/session")).status);
  assert.equal(status, 401);
  await until(page, async () => !(await caches.keys()).some((n) => n.startsWith("kenes-data") || n.startsWith("kenes-photos")), undefined, { what: "the phone's copy dropped" });
  assert.deepEqual(page.problems.filter((p) => !p.includes("401")), []);
  await page.context().close();
});

test("a filer keeps their tracking page on the phone only when they ask, and can take it off again", async () => {
  const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const filed = await post("/api/grievances", {
    body: { programme: talas.id, village: "Арал", category: "land", description: `Забор на пастбище ${randomUUID().slice(0, 8)}`, anonymous: true },
    headers: { "cf-connecting-ip": `127.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  });
  assert.equal(filed.status, 201, filed.text);
  const code = filed.json.code;
  const page = await phonePage(browser, "ru-RU");
  await page.goto(BASE + "/");
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await until(page, () => navigator.serviceWorker.controller !== null, undefined, { what: "the service worker in charge" });

  await page.goto(`${BASE}/track/${code}`);
  const keep = page.getByLabel(/Сохранить эту страницу на телефоне/);
  await keep.waitFor();
  assert.equal(await keep.isChecked(), false, "not kept unless asked");
  assert.ok(!(await keptOnThePhone(page)).some((p) => p.startsWith("/api/track/")), "nothing kept before the filer asks");
  await shot(page, "track-keep-ru");
  await page.setViewportSize({ width: 320, height: 700 });
  await page.getByRole("button", { name: "Қазақша" }).click();
  await page.getByLabel(/Бұл бетті байланыссыз оқу үшін/).waitFor();
  await shot(page, "track-keep-kk-320");
  await page.getByRole("button", { name: "Русский" }).click();
  await page.setViewportSize({ width: 390, height: 844 });

  await keep.check();
  await eventually(async () => (await keptOnThePhone(page)).includes(`/api/track/${code}`), "the tracking page kept on the phone");
  // Reopened later, the choice stands.
  await page.reload();
  await page.getByLabel(/Сохранить эту страницу на телефоне/).waitFor();
  assert.equal(await page.getByLabel(/Сохранить эту страницу на телефоне/).isChecked(), true);

  await page.getByLabel(/Сохранить эту страницу на телефоне/).uncheck();
  await eventually(async () => !(await keptOnThePhone(page)).includes(`/api/track/${code}`), "the kept copy dropped");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
