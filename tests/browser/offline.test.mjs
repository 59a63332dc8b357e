// A council member where the signal comes and goes, in Russian on a phone (390x844). Online once,
// then with the network switched off through the DevTools protocol (see networkSwitch): the app
// opens on reload, a proposal is drafted with a photo and a vote is cast; the tab is closed and opened
// again; the network comes back. Exactly one proposal with one photo and one ballot reach the
// server, and the outbox is left with nothing to send. The same writes sent again by hand, with
// their keys, still make one of each.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { launch, phonePage, shot, signInRu, drawnPhoto, networkSwitch, until, BASE } from "./browser.mjs";
import { call, get, post, signIn, newCouncil, newMember, MANAGERS, MEMBER_PASSWORD, readSql } from "../api/client.mjs";

let browser;
before(async () => {
  await post("/api/demo");
  browser = await launch();
});
after(() => browser?.close());

/// What the service worker keeps in the phone's outbox (IndexedDB), bodies included.
function outboxOnThePhone(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("kenes", 1);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const items = await new Promise((resolve, reject) => {
      const request = db.transaction("outbox").objectStore("outbox").getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return Promise.all(
      items.map(async (it) => ({
        ...it,
        body: typeof it.body === "string" ? it.body : Array.from(new Uint8Array(await it.body.arrayBuffer())),
      })),
    );
  });
}

/// Rows the writes could have added or changed: this proposal, its photos and events; the ballots
/// of the one voted on, and when the last was cast (a ballot cast again would change it).
function rowsFor(proposal, voted) {
  const [row] = readSql(
    `SELECT (SELECT COUNT(*) FROM proposals WHERE id = '${proposal}') AS proposals, ` +
      `(SELECT COUNT(*) FROM photos WHERE subject_id = '${proposal}') AS photos, ` +
      `(SELECT COUNT(*) FROM events WHERE subject_id = '${proposal}') AS events, ` +
      `(SELECT COUNT(*) FROM ballots WHERE proposal_id = '${voted}') AS ballots, ` +
      `(SELECT MAX(cast_at) FROM ballots WHERE proposal_id = '${voted}') AS ballot_cast_at`,
  );
  return row;
}

test("with no signal a member drafts with a photo and votes; it all arrives once when the signal returns", async () => {
  const manager = await signIn(MANAGERS.talas);
  const council = await newCouncil(manager, "Без связи");
  const member = await newMember(manager, council.id, "Гульнара Офлайн");
  const colleague = await newMember(manager, council.id, "Эркин Коллега");
  // A proposal of the colleague's in the council's vote, which the member will vote on.
  const voted = randomUUID();
  const draft = { title: "Освещение улицы у школы", description: "Шесть фонарей на солнечных батареях вдоль дороги к школе.", category: "roads", village: "Кара-Ой", estimated_cost: "1 800 000", beneficiaries: 400, location: null };
  assert.equal((await call("PUT", `/api/proposals/${voted}`, { cookie: colleague.cookie, body: draft })).status, 200);
  assert.equal((await post(`/api/proposals/${voted}/submit`, { cookie: colleague.cookie })).status, 200);
  const baseline = rowsFor("none", voted);

  // Online once: signed in, the vote opened, the app kept on the phone by its service worker.
  const page = await phonePage(browser, "ru-RU");
  page.on("dialog", (dialog) => dialog.accept());
  await signInRu(page, member.phone, MEMBER_PASSWORD);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.getByRole("button", { name: "Выйти" }).waitFor();
  await until(page, async () => {
    const name = (await caches.keys()).find((n) => n.startsWith("kenes-static-"));
    const kept = name ? (await (await caches.open(name)).keys()).map((r) => r.url) : [];
    return navigator.serviceWorker.controller !== null && kept.some((u) => u.endsWith("/split_member.wasm")) && kept.some((u) => u.endsWith("/split_proposals.wasm"));
  }, undefined, { timeout: 60_000, what: "the members' pages kept on the phone" });
  await page.getByRole("link", { name: "Голосования" }).click();
  await page.getByRole("link", { name: draft.title }).click();
  await page.getByRole("button", { name: "За", exact: true }).waitFor();

  // The signal goes. The app still opens, with what the phone saved.
  const network = await networkSwitch(browser, page.context());
  await network.off();
  await page.reload();
  await page.getByRole("heading", { name: draft.title }).waitFor();
  await page.getByText(/Нет связи\. Показано то, что телефон сохранил/).waitFor();
  await shot(page, "offline-saved-copy-ru");

  // A vote, kept in the outbox.
  await page.getByRole("button", { name: "За", exact: true }).click();
  await page.getByText("Ваш голос сохранён на телефоне и будет отправлен, когда появится сигнал.").waitFor();
  await page.locator(".choice.chosen").getByText("За").waitFor();
  await shot(page, "offline-vote-kept-ru");

  // A new proposal with a photo, kept in the outbox.
  await page.getByRole("link", { name: "Новое предложение" }).click();
  await page.waitForURL(/\/proposals\/[0-9a-f-]{36}\/edit$/);
  const proposal = page.url().match(/proposals\/([0-9a-f-]{36})\/edit/)[1];
  await page.getByLabel("Название").fill("Детская площадка в Кара-Ое");
  await page.getByLabel("Описание").fill("Качели, горка и песочница у клуба; сейчас дети играют у дороги.");
  await page.getByLabel("Категория").selectOption("sport_and_culture");
  await page.getByLabel("Село").fill("Кара-Ой");
  await page.getByLabel("Примерная стоимость, тенге").fill("2 500 000");
  await page.getByLabel("Сколько людей получат пользу").fill("150");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.getByText("Нет связи: сохранено на телефоне и будет отправлено, когда появится сигнал.").waitFor();
  await page.locator("input[type=file]").setInputFiles(await drawnPhoto(page, 1200, 900, "playground.png"));
  await page.locator(".photo-list .hint", { hasText: "Ждёт сигнала" }).waitFor();
  await shot(page, "offline-draft-kept-ru");

  await page.locator(".outbox-bar a").click();
  await page.getByRole("heading", { name: "Ждут сигнала" }).waitFor();
  for (const kind of ["Черновик предложения", "Фотография", "Голос"]) await page.locator(".card", { hasText: kind }).first().waitFor();
  await shot(page, "offline-outbox-ru");
  const kept = await outboxOnThePhone(page);
  assert.deepEqual(kept.map((it) => it.kind), ["vote", "draft", "photo"], "in the order they were made");
  assert.ok(kept.every((it) => it.state === "waiting" || it.state === "sending"), "none sent");
  assert.deepEqual(rowsFor(proposal, voted), { ...baseline, proposals: 0, photos: 0, events: 0 }, "nothing reached the server");

  // The tab is closed, and opened again with no signal; then the signal returns.
  const context = page.context();
  await page.close();
  const again = await context.newPage();
  again.problems = [];
  again.on("pageerror", (e) => again.problems.push(`exception: ${e.message}`));
  await again.goto(`${BASE}/outbox`);
  await again.getByRole("heading", { name: "Ждут сигнала" }).waitFor();
  await network.on();
  await again.getByText("Ничто не ждёт отправки.").waitFor({ timeout: 60_000 });
  await again.getByRole("heading", { name: "Отправлено" }).waitFor();
  await shot(again, "offline-outbox-sent-ru");
  const left = await outboxOnThePhone(again);
  assert.deepEqual(left.filter((it) => it.state !== "sent"), [], "nothing waits to be sent");

  const arrived = rowsFor(proposal, voted);
  assert.deepEqual([arrived.proposals, arrived.photos, arrived.ballots], [1, 1, 1], "one proposal, one photo, one ballot");
  const view = (await get(`/api/proposals/${proposal}`, { cookie: member.cookie })).json;
  assert.deepEqual([view.summary.status, view.content.title, view.photos.length], ["draft", "Детская площадка в Кара-Ое", 1]);
  const tally = (await get(`/api/proposals/${voted}`)).json.vote.tally;
  assert.deepEqual([tally.for, tally.against], [1, 0]);

  // The same writes sent again by hand, as a phone that never heard back would: each with its key.
  const cookie = (await context.cookies()).filter((c) => c.name.includes("kenes_")).map((c) => `${c.name}=${c.value}`).join("; ");
  for (const it of kept) {
    const body = typeof it.body === "string" ? it.body : Buffer.from(it.body);
    const replay = await call(it.method, new URL(it.url).pathname, { cookie, body, headers: { "content-type": it.contentType, "idempotency-key": it.key } });
    assert.ok(replay.status < 300, `${it.kind}: ${replay.status} ${replay.text}`);
    assert.equal(replay.headers.get("idempotent-replay"), "true", `${it.kind} answered from the first time`);
  }
  assert.deepEqual(rowsFor(proposal, voted), arrived, "still one of each, no new event, the ballot not cast again");
  assert.deepEqual(again.problems, []);
  await context.close();
});

/// Two members of a new council, the second's proposal in the council's vote, and the first
/// signed in on a phone whose service worker is in charge.
async function sharedPhone(councilName, [firstName, secondName], draft) {
  const manager = await signIn(MANAGERS.talas);
  const council = await newCouncil(manager, councilName);
  const first = await newMember(manager, council.id, firstName);
  const second = await newMember(manager, council.id, secondName);
  const voted = randomUUID();
  assert.equal((await call("PUT", `/api/proposals/${voted}`, { cookie: second.cookie, body: draft })).status, 200);
  assert.equal((await post(`/api/proposals/${voted}/submit`, { cookie: second.cookie })).status, 200);
  const page = await phonePage(browser, "ru-RU");
  await signInRu(page, first.phone, MEMBER_PASSWORD);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return { page, second, voted };
}

test("signing out on a shared phone drops what waits, so nothing goes in the next person's name", async () => {
  const draft = { title: "Скамейки у остановки", description: "Четыре скамейки с навесом у автобусной остановки.", category: "roads", village: "Кара-Ой", estimated_cost: "600 000", beneficiaries: 200, location: null };
  const { page, second, voted } = await sharedPhone("Общий телефон", ["Айжан Первая", "Бакыт Второй"], draft);
  await page.getByRole("link", { name: "Голосования" }).click();
  await page.getByRole("link", { name: draft.title }).click();
  await page.getByRole("button", { name: "Против", exact: true }).waitFor();
  const network = await networkSwitch(browser, page.context());
  await network.off();
  await page.getByRole("button", { name: "Против", exact: true }).click();
  await page.getByText("Ваш голос сохранён на телефоне и будет отправлен, когда появится сигнал.").waitFor();

  // She signs out with no signal, asked first since her vote has not gone; he signs in on the
  // same phone once the signal is back.
  const asked = [];
  page.once("dialog", (dialog) => {
    asked.push(dialog.message());
    dialog.dismiss();
  });
  await page.getByText("Исходящие: 1 — отправить или проверить").waitFor();
  await page.getByRole("button", { name: "Выйти" }).click();
  assert.equal(asked.length, 1, "asked before signing out");
  assert.match(asked[0], /В исходящих на этом телефоне 1 .*Всё равно выйти\?/);
  assert.equal((await outboxOnThePhone(page)).length, 1, "kept when she chose to stay");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Выйти" }).click();
  await page.getByRole("link", { name: "Войти" }).waitFor();
  assert.deepEqual(await outboxOnThePhone(page), [], "signing out emptied the outbox");
  await network.on();
  await signInRu(page, second.phone, MEMBER_PASSWORD);
  await page.goto(`${BASE}/proposals/${voted}`);
  await page.getByRole("heading", { name: draft.title }).waitFor();
  // His ballot shows on the page opened by its address, however the session and page race.
  await page.getByRole("group", { name: "Ваш голос" }).getByRole("button", { name: "Против", exact: true }).waitFor();
  const tally = (await get(`/api/proposals/${voted}`)).json.vote.tally;
  assert.deepEqual([tally.for, tally.against], [0, 0], "no vote was cast in his name");
  await page.context().close();
});

test("a grievance written with no signal and refused when sent is corrected from the outbox and filed once", async () => {
  const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const village = `Сары-Булак ${Math.random().toString(36).slice(2, 6)}`;
  const filedIn = () => readSql(`SELECT COUNT(*) AS n FROM grievances WHERE village = '${village}'`)[0].n;
  const page = await phonePage(browser, "ru-RU");
  await page.goto(`${BASE}/grievances/new`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.getByRole("heading", { name: "Подать жалобу" }).waitFor();

  // With no signal, the description forgotten: kept in the outbox all the same.
  const network = await networkSwitch(browser, page.context());
  await network.off();
  await page.getByLabel("Программа (компания и район)").selectOption({ label: talas.name });
  await page.getByLabel("Село").fill(village);
  await page.getByLabel("О чём жалоба?").selectOption({ label: "Экология: пыль, вода, шум, отходы" });
  await page.getByRole("button", { name: "Отправить жалобу" }).click();
  await page.getByRole("heading", { name: "Сохранено на телефоне" }).waitFor();

  // The signal returns: the API refuses it, and the outbox says why.
  await network.on();
  await page.getByRole("link", { name: "Исходящие", exact: true }).click();
  await page.getByRole("heading", { name: "Не принято" }).waitFor();
  const refused = page.locator(".card", { hasText: "Жалоба" });
  await refused.getByText("Часть написанного нужно исправить.").waitFor();
  assert.equal(filedIn(), 0, "nothing filed");
  await shot(page, "offline-outbox-refused-ru");

  // Corrected on its form, filled with what was written, the missing field marked.
  await refused.getByRole("link", { name: "Исправить и отправить снова" }).click();
  await page.getByRole("heading", { name: "Подать жалобу" }).waitFor();
  await page.getByText("Заполните это поле.").waitFor();
  assert.equal(await page.getByLabel("Село").inputValue(), village, "what was written is back in the form");
  assert.equal(await page.getByLabel("Подать анонимно").isChecked(), true);
  await shot(page, "offline-fix-grievance-ru");
  await page.getByLabel("Что произошло").fill(`Ночью у села ${village} гудит насосная станция, дети не могут уснуть.`);
  await page.getByRole("button", { name: "Отправить жалобу" }).click();
  await page.getByRole("heading", { name: "Ваша жалоба получена" }).waitFor();
  assert.equal(filedIn(), 1, "filed once");
  assert.doesNotMatch(page.url(), /fix=/, "the address no longer asks to fix it");

  // The refused one has left the outbox; nothing waits.
  await until(page, async () => (await (await fetch("/api/outbox")).json()).items.every((it) => it.state === "sent"), undefined, { what: "the outbox to hold only what was sent" });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a vote kept while a session ran out is refused, not cast, when someone else signs in on the phone", async () => {
  const draft = { title: "Забор вокруг кладбища", description: "Новый забор из сетки вокруг старого кладбища.", category: "other", village: "Кара-Ой", estimated_cost: "900 000", beneficiaries: 500, location: null };
  const { page, second, voted } = await sharedPhone("Чужая сессия", ["Асель Первая", "Данияр Второй"], draft);
  await page.goto(`${BASE}/proposals/${voted}`);
  const network = await networkSwitch(browser, page.context());
  await page.getByRole("button", { name: "За", exact: true }).waitFor();
  await network.off();
  await page.getByRole("button", { name: "За", exact: true }).click();
  await page.getByText("Ваш голос сохранён на телефоне и будет отправлен, когда появится сигнал.").waitFor();

  // Her session runs out on the phone; he signs in there once the signal is back.
  await page.context().clearCookies();
  await network.on();
  await signInRu(page, second.phone, MEMBER_PASSWORD);
  let kept;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await page.waitForTimeout(250)) {
    [kept] = await outboxOnThePhone(page);
    if (kept?.state === "refused") break;
  }
  assert.equal(kept?.state, "refused", `the vote was answered: ${JSON.stringify({ ...kept, body: undefined })}`);
  assert.deepEqual([kept.kind, kept.status, JSON.parse(kept.answer).reason], ["vote", 409, "other_member"]);
  const tally = (await get(`/api/proposals/${voted}`)).json.vote.tally;
  assert.deepEqual([tally.for, tally.against], [0, 0], "no vote was cast in his name");
  await page.goto(`${BASE}/outbox`);
  await page.getByText("Это было написано, когда на этом телефоне был вход под другим человеком.", { exact: false }).waitFor();
  await shot(page, "offline-outbox-other-member-ru");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
