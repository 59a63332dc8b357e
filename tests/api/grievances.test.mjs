// Grievances: anyone files one (anonymously if they wish) and follows it by its code; managers
// of the programme handle it within deadlines; the filer may appeal once. Reception hours and
// the year's statistics are public; nothing else about a grievance is.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { get, post, call, del, signIn, newCouncil, newMember, newAssessor, freshAddress, MANAGERS, BASE, localSql, jpeg as aJpeg } from "./client.mjs";

const put = (path, options) => call("PUT", path, options);
const YEAR = new Date().getUTCFullYear();
/// A JPEG segment: its marker, its length and its bytes.
const segment = (marker, body) => Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255]), body]);
// A JPEG as a phone writes it, with where it was taken and by which phone in its EXIF.
const PICTURE = [segment(0xdb, Buffer.alloc(65, 1)), segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])), Buffer.from([0x12, 0x34, 0xff, 0xd9])];
const EXIF = segment(0xe1, Buffer.from("Exif\0\0GPS 42.5228N 72.2405E SM-A125F serial R58N90"));
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8]), EXIF, ...PICTURE]);
const STRIPPED = Buffer.concat([Buffer.from([0xff, 0xd8]), ...PICTURE]);
const CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/;
const DAY = 86_400_000;

let manager; // Talas
let kpoManager;
let talas;
let otherProgramme;
let member;
let assessor;

before(async () => {
  await post("/api/demo");
  manager = await signIn(MANAGERS.talas);
  kpoManager = await signIn(MANAGERS.kpo);
  const programmes = (await get("/api/programmes")).json.programmes;
  talas = programmes.find((p) => p.name.startsWith("Talas"));
  otherProgramme = programmes.find((p) => p.id !== talas.id);
  member = await newMember(manager, (await newCouncil(manager, "Grievances")).id, "Grievance member");
  assessor = await newAssessor(manager, "Grievance assessor");
});

/// A description no other test has typed.
const unique = (what = "Dust from the haul road covers the school yard") => `${what} (${randomUUID().slice(0, 8)})`;

function filing(overrides = {}) {
  return { programme: talas.id, village: "Aksai", category: "environment", description: unique(), anonymous: true, ...overrides };
}

async function file(body, { address = freshAddress(), cookie, headers = {} } = {}) {
  return post("/api/grievances", { body, cookie, headers: { "cf-connecting-ip": address, ...headers } });
}

/// The manager's id of a grievance, found by its description.
async function idOf(description, cookie = manager) {
  const list = await get("/api/grievances", { cookie });
  for (const g of list.json.grievances) {
    const one = await get(`/api/grievances/${g.id}`, { cookie });
    if (one.json.description === description) return g.id;
  }
  throw new Error("not listed");
}

const step = (id, body, cookie = manager) => post(`/api/grievances/${id}/steps`, { cookie, body });

test("an anonymous grievance stores and returns nothing that identifies its filer, to anyone", async () => {
  const address = "203.0.113.77";
  const agent = "KenesTestPhone/9.9 (anonymity probe)";
  const description = unique("Труба течёт у моста, вода уходит в огороды");
  // Typed a name and phone, then chose to stay anonymous; signed in on this phone as well.
  const body = filing({ description, name: "Aigerim Sadykova", phone: "+7 701 555 12 34" });
  const filed = await file(body, { address, cookie: member.cookie, headers: { "user-agent": agent } });
  assert.equal(filed.status, 201, filed.text);
  assert.match(filed.json.code, CODE);
  const filedAt = Date.now();
  assert.ok(Math.abs(Date.parse(filed.json.acknowledge_due) - (filedAt + 7 * DAY)) < 60_000, "acknowledged within 7 days");
  assert.ok(Math.abs(Date.parse(filed.json.answer_due) - (filedAt + 30 * DAY)) < 60_000, "answered within 30 days");

  const id = await idOf(description);
  await step(id, { step: "acknowledge" });
  await step(id, { step: "answer", answer: "The pipe was repaired on Monday; thank you for telling us." });

  const identifying = ["Aigerim", "Sadykova", "701 555", "77015551234", address, agent, member.me.member, member.me.name, member.phone].filter(Boolean);
  const responses = [
    await get(`/api/track/${filed.json.code}`),
    await get("/api/grievances", { cookie: manager }),
    await get(`/api/grievances/${id}`, { cookie: manager }),
    await get(`/api/grievances/${id}`, { cookie: kpoManager }),
    await get(`/api/grievances/${id}`, { cookie: assessor.cookie }),
    await get(`/api/grievances/${id}`, { cookie: member.cookie }),
    await get("/api/grievances", { cookie: assessor.cookie }),
    await get(`/api/programmes/${talas.id}/years/${YEAR}/grievances`),
    await get(`/api/programmes/${talas.id}/receptions`),
  ];
  for (const r of responses) {
    for (const secret of identifying) assert.ok(!r.text.includes(secret), `${secret} in ${r.text.slice(0, 200)}`);
  }
  const seen = await get(`/api/grievances/${id}`, { cookie: manager });
  assert.deepEqual(seen.json.filer, { kind: "anonymous" });
  assert.ok(seen.json.history.every((h) => h.role === null || h.role === "manager"));
  assert.equal(seen.json.history[0].role, null, "filed by the public");

  const [row] = localSql(`SELECT * FROM grievances WHERE id = '${id}'`);
  assert.equal(row.filer_name, null);
  assert.equal(row.filer_phone, null);
  const stored = JSON.stringify([row, localSql(`SELECT * FROM events WHERE subject_id = '${id}'`)]);
  for (const secret of [...identifying, filed.json.code]) assert.ok(!stored.includes(secret), `${secret} stored`);
  // The rate limits count this address only by a keyed hash, in windows on the clock.
  const limits = localSql("SELECT * FROM rate_limits");
  assert.ok(!JSON.stringify(limits).includes(address));
  assert.ok(!JSON.stringify(limits).includes(createHash("sha256").update(address).digest("hex")));
  assert.ok(limits.every((r) => /T\d\d:(00|15|30|45):00\.000Z$/.test(r.window_start)), JSON.stringify(limits));
});

test("a named filer's contact is seen by managers of the programme only", async () => {
  const description = unique("Дорогу к ферме перекопали и не засыпали");
  const filed = await file(filing({ description, anonymous: false, name: "Bakyt Osmonov", phone: "+996 555 123 456", category: "land" }));
  assert.equal(filed.status, 201, filed.text);
  const tracked = await get(`/api/track/${filed.json.code}`);
  assert.equal(tracked.status, 200);
  assert.ok(!tracked.text.includes("Bakyt") && !tracked.text.includes("555123456") && !tracked.text.includes("555 123"), "not even to the holder of the code");
  assert.equal(tracked.json.description, description);

  const id = await idOf(description);
  const handled = await get(`/api/grievances/${id}`, { cookie: manager });
  assert.deepEqual(handled.json.filer, { kind: "named", name: "Bakyt Osmonov", phone: "+996555123456" });
  assert.equal((await get(`/api/grievances/${id}`, { cookie: kpoManager })).status, 404, "another programme's manager");
  assert.equal((await get(`/api/grievances/${id}`, { cookie: assessor.cookie })).status, 403);
  assert.equal((await get(`/api/grievances/${id}`, { cookie: member.cookie })).status, 403);
  assert.equal((await get(`/api/grievances/${id}`)).status, 401);
  assert.equal((await get("/api/grievances")).status, 401);
  assert.ok(!(await get("/api/grievances", { cookie: kpoManager })).json.grievances.some((g) => g.id === id));
  assert.equal((await step(id, { step: "acknowledge" }, kpoManager)).status, 404);
  assert.equal((await step(id, { step: "acknowledge" }, assessor.cookie)).status, 403);
});

test("acknowledged, reviewed, answered, appealed once, answered again and closed, each step in the history", async () => {
  const filed = await file(filing());
  const code = filed.json.code;
  const id = await idOf((await get(`/api/track/${code}`)).json.description);

  assert.deepEqual([(await step(id, { step: "answer", answer: "Answered before it was even read" })).status], [409], "not before acknowledging");
  assert.equal((await post(`/api/track/${code}/appeal`, { body: { reason: "Nobody has answered me yet" } })).status, 409);
  const acknowledged = await step(id, { step: "acknowledge" });
  assert.equal(acknowledged.status, 200);
  assert.deepEqual(acknowledged.json.steps, ["review", "answer"]);
  assert.equal((await step(id, { step: "acknowledge" })).json.reason, "grievance_moved_on");
  assert.equal((await step(id, { step: "review" })).json.status, "under_review");

  const short = await step(id, { step: "answer", answer: "Done." });
  assert.deepEqual([short.status, short.json.field, short.json.problem.code], [422, "answer", "too_short"]);
  assert.equal((await get(`/api/track/${code}`)).json.status, "under_review", "nothing changed");
  const answer = "The contractor will water the road twice a day from Monday.";
  const answered = await step(id, { step: "answer", answer });
  assert.equal(answered.json.status, "answered");

  const seen = await get(`/api/track/${code}`);
  assert.equal(seen.json.answer, answer);
  assert.ok(seen.json.answered_at);
  assert.equal(seen.json.can_appeal, true);
  const shortAppeal = await post(`/api/track/${code}/appeal`, { body: { reason: "No" } });
  assert.deepEqual([shortAppeal.status, shortAppeal.json.field], [422, "reason"]);
  const appealed = await post(`/api/track/${code}/appeal`, { body: { reason: "The road is still dry and dusty every afternoon." } });
  assert.equal(appealed.status, 200, appealed.text);
  assert.equal(appealed.json.status, "under_review");
  assert.equal(appealed.json.can_appeal, false);
  assert.ok(Date.parse(appealed.json.answer_due) > Date.now() + 29 * DAY, "a new answer deadline from the appeal");

  const again = await step(id, { step: "answer", answer: "A water truck now comes at 14:00 as well; we checked on Thursday." });
  assert.equal(again.json.status, "answered");
  assert.equal(again.json.answer, answer, "the first answer stays on record");
  assert.ok(again.json.appeal_answer.startsWith("A water truck"));
  const twice = await post(`/api/track/${code}/appeal`, { body: { reason: "Still not satisfied with this at all." } });
  assert.deepEqual([twice.status, twice.json.reason], [409, "already_appealed"]);
  const closed = await step(id, { step: "close" });
  assert.equal(closed.json.status, "closed");
  assert.deepEqual(closed.json.steps, []);
  assert.deepEqual(
    closed.json.history.map((h) => [h.change, h.role]),
    [
      ["grievance_filed", null],
      ["grievance_acknowledged", "manager"],
      ["grievance_review_started", "manager"],
      ["grievance_answered", "manager"],
      ["grievance_appealed", null],
      ["grievance_answered", "manager"],
      ["grievance_closed", "manager"],
    ],
  );
  assert.ok(!(await get("/api/grievances", { cookie: manager })).json.grievances.some((g) => g.id === id), "closed ones leave the list");
  assert.equal((await get(`/api/track/${code}`)).json.status, "closed");
});

test("overdue grievances are listed first and flagged", async () => {
  const recent = await file(filing());
  const old = await file(filing());
  const oldId = await idOf((await get(`/api/track/${old.json.code}`)).json.description);
  const recentId = await idOf((await get(`/api/track/${recent.json.code}`)).json.description);
  const tenDaysAgo = new Date(Date.now() - 10 * DAY).toISOString();
  localSql(`UPDATE grievances SET filed_at = '${tenDaysAgo}' WHERE id = '${oldId}'`);
  const list = (await get("/api/grievances", { cookie: manager })).json.grievances;
  const firstNotOverdue = list.findIndex((g) => g.overdue === null);
  assert.ok(list.slice(0, firstNotOverdue === -1 ? list.length : firstNotOverdue).every((g) => g.overdue !== null), "overdue first");
  const oldLine = list.find((g) => g.id === oldId);
  assert.equal(oldLine.overdue, "acknowledgement");
  assert.ok(list.indexOf(oldLine) < list.findIndex((g) => g.id === recentId));
  assert.equal((await get(`/api/track/${old.json.code}`)).json.overdue, "acknowledgement", "the filer sees it too");
  await step(oldId, { step: "acknowledge" });
  assert.equal((await get(`/api/grievances/${oldId}`, { cookie: manager })).json.overdue, null, "acknowledged late, answer not yet due");
});

test("managers log grievances from the hotline, the complaint box and reception; nobody else may", async () => {
  const call = filing({ channel: "hotline", category: "employment" });
  const noLanguage = await post("/api/grievances", { cookie: manager, body: call });
  assert.deepEqual([noLanguage.status, noLanguage.json.field, noLanguage.json.problem.code], [422, "language", "required"]);
  const logged = await post("/api/grievances", { cookie: manager, body: { ...call, language: "zh" } });
  assert.equal(logged.status, 201, logged.text);
  assert.match(logged.json.code, CODE, "the code to read back to the caller");
  const id = await idOf(call.description);
  const seen = (await get(`/api/grievances/${id}`, { cookie: manager })).json;
  assert.deepEqual([seen.channel, seen.language, seen.history[0].role], ["hotline", "zh", "manager"]);

  const box = filing({ channel: "complaint_box", anonymous: false, name: "Written on the note", phone: "8 701 111 22 33" });
  assert.equal((await post("/api/grievances", { cookie: manager, body: box })).status, 201);
  const reception = filing({ channel: "personal_reception" });
  assert.equal((await post("/api/grievances", { body: reception })).status, 401);
  assert.equal((await post("/api/grievances", { cookie: member.cookie, body: reception })).status, 403);
  assert.equal((await post("/api/grievances", { cookie: kpoManager, body: reception })).status, 403, "not their programme");
  assert.equal((await post("/api/grievances", { cookie: manager, body: { ...reception, channel: "pigeon" } })).json.field, "channel");
});

test("bad filings and bad codes are refused field by field, and nothing is stored", async () => {
  const count = () => localSql("SELECT COUNT(*) AS n FROM grievances")[0].n;
  const before = count();
  const cases = [
    [{ description: "   " }, "description", "empty"],
    [{ category: "weather" }, "category", "unknown_value"],
    [{ village: "" }, "village", "empty"],
    [{ programme: "not-a-programme" }, "programme", "malformed"],
    [{ programme: randomUUID() }, "programme", "unknown"],
    [{ anonymous: false, name: "Someone" }, "phone", "empty"],
    [{ website: "http://cheap-pills.example" }, "website", "malformed"],
  ];
  for (const [change, field, problem] of cases) {
    const r = await file(filing(change));
    assert.deepEqual([r.status, r.json.field, r.json.problem.code], [422, field, problem], JSON.stringify(change));
  }
  assert.equal((await file("{not json")).status, 400);
  assert.equal(count(), before, "nothing stored");

  const { code } = (await file(filing())).json;
  const typo = code.replace(/^./, (c) => (c === "A" ? "B" : "A"));
  const refused = await get(`/api/track/${typo}`);
  assert.deepEqual([refused.status, refused.json.field, refused.json.problem.code], [422, "code", "typo"]);
  assert.equal((await get(`/api/track/${code.toLowerCase()}`)).status, 200, "case does not matter");
  assert.equal((await get(`/api/track/${code.replaceAll("-", "")}`)).status, 200, "nor dashes");
  assert.deepEqual([(await get("/api/track/hello")).json.problem.code], ["malformed"]);
  // A well-formed code that nobody holds: its grievance is gone.
  const gone = await file(filing());
  const goneId = await idOf((await get(`/api/track/${gone.json.code}`)).json.description);
  localSql(`DELETE FROM events WHERE subject_id = '${goneId}'; DELETE FROM grievances WHERE id = '${goneId}'`);
  assert.equal((await get(`/api/track/${gone.json.code}`)).status, 404);
});

test("filing is limited per address each hour, and the same text twice a day is refused", async () => {
  const address = freshAddress();
  for (let i = 0; i < 10; i += 1) assert.equal((await file(filing(), { address })).status, 201);
  const eleventh = await file(filing(), { address });
  assert.equal(eleventh.status, 429);
  assert.ok(eleventh.json.retry_after_seconds > 0 && eleventh.json.retry_after_seconds <= 3600);
  assert.equal((await file(filing())).status, 201, "another address files");

  const body = filing();
  assert.equal((await file(body)).status, 201);
  const again = await file(body);
  assert.deepEqual([again.status, again.json.field, again.json.problem.code], [422, "description", "duplicate"]);
});

test("photos go with a grievance by its code and are seen by the programme's managers only", async () => {
  const { code } = (await file(filing())).json;
  const photo = randomUUID();
  const sent = await put(`/api/track/${code}/photos/${photo}`, { body: JPEG, headers: { "content-type": "image/jpeg" } });
  assert.equal(sent.status, 204, sent.text);
  assert.equal((await put(`/api/track/${code}/photos/${photo}`, { body: JPEG, headers: { "content-type": "image/jpeg" } })).status, 204, "a repeat changes nothing");
  assert.deepEqual((await get(`/api/track/${code}`)).json.photos, [photo]);

  assert.equal((await get(`/api/photos/${photo}`)).status, 404, "not public");
  assert.equal((await get(`/api/photos/${photo}`, { cookie: member.cookie })).status, 404);
  assert.equal((await get(`/api/photos/${photo}`, { cookie: kpoManager })).status, 404);
  const seen = await get(`/api/photos/${photo}`, { cookie: manager });
  assert.equal(seen.status, 200);
  assert.equal(seen.headers.get("cache-control"), "private, no-store");
  assert.deepEqual(seen.bytes, STRIPPED, "the picture, without where and with which phone it was taken");
  assert.ok(!seen.text.includes("GPS") && !seen.text.includes("R58N"));

  const text = await put(`/api/track/${code}/photos/${randomUUID()}`, { body: "not an image", headers: { "content-type": "image/jpeg" } });
  assert.equal(text.status, 415);
  const broken = await put(`/api/track/${code}/photos/${randomUUID()}`, { body: JPEG.subarray(0, 20), headers: { "content-type": "image/jpeg" } });
  assert.equal(broken.status, 415, "a broken image is not stored");
  const huge = await put(`/api/track/${code}/photos/${randomUUID()}`, { body: Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]), headers: { "content-type": "image/jpeg" } });
  assert.equal(huge.status, 413);
  for (let i = 0; i < 4; i += 1) {
    assert.equal((await put(`/api/track/${code}/photos/${randomUUID()}`, { body: JPEG, headers: { "content-type": "image/jpeg" } })).status, 204);
  }
  const sixth = await put(`/api/track/${code}/photos/${randomUUID()}`, { body: JPEG, headers: { "content-type": "image/jpeg" } });
  assert.deepEqual([sixth.status, sixth.json.reason], [409, "too_many_photos"]);
});

test("a grievance's photos are taken for a week after filing and deleted a year after it", async () => {
  const body = filing();
  const { code } = (await file(body)).json;
  const id = localSql(`SELECT id FROM grievances WHERE description = '${body.description}'`)[0].id;
  const photo = randomUUID();
  assert.equal((await put(`/api/track/${code}/photos/${photo}`, { body: JPEG, headers: { "content-type": "image/jpeg" } })).status, 204);
  // Eight days on, no more photos come by the code.
  localSql(`UPDATE grievances SET filed_at = '${new Date(Date.now() - 8 * DAY).toISOString()}' WHERE id = '${id}'`);
  const late = await put(`/api/track/${code}/photos/${randomUUID()}`, { body: JPEG, headers: { "content-type": "image/jpeg" } });
  assert.deepEqual([late.status, late.json.reason], [409, "grievance_moved_on"]);
  // A year and a day on, the cron deletes the photo, image and row.
  localSql(`UPDATE grievances SET filed_at = '${new Date(Date.now() - 366 * DAY).toISOString()}' WHERE id = '${id}'`);
  assert.equal((await get(`/api/photos/${photo}`, { cookie: manager })).status, 200, "kept until the cron runs");
  assert.equal((await fetch(`${BASE}/__scheduled?cron=*/15+*+*+*+*`)).status, 200);
  assert.deepEqual(localSql(`SELECT id FROM grievance_photos WHERE grievance_id = '${id}'`), []);
  assert.equal((await get(`/api/photos/${photo}`, { cookie: manager })).status, 404);
  assert.deepEqual((await get(`/api/track/${code}`)).json.photos, []);
});

test("managers publish reception hours; the public sees them; bad hours are refused", async () => {
  const hours = { receiver: `Deputy director ${randomUUID().slice(0, 4)}`, place: "Administration building, room 12", days: ["tue", "mon"], from: "9:00", until: "12:30", languages: ["ru", "kk", "zh"] };
  const published = await post("/api/receptions", { cookie: manager, body: hours });
  assert.equal(published.status, 201, published.text);
  const listed = (await get(`/api/programmes/${talas.id}/receptions`)).json.receptions.find((r) => r.receiver === hours.receiver);
  assert.deepEqual(listed.hours, { days: ["mon", "tue"], from: "09:00", until: "12:30" });
  assert.deepEqual(listed.languages, ["kk", "ru", "zh"]);
  assert.ok(!(await get(`/api/programmes/${otherProgramme.id}/receptions`)).json.receptions.some((r) => r.receiver === hours.receiver));

  for (const [change, field, problem] of [
    [{ until: "08:00" }, "until", "ends_before_start"],
    [{ from: "nine" }, "from", "malformed"],
    [{ days: [] }, "days", "required"],
    [{ languages: ["klingon"] }, "languages", "unknown_value"],
    [{ receiver: "" }, "receiver", "empty"],
  ]) {
    const r = await post("/api/receptions", { cookie: manager, body: { ...hours, ...change } });
    assert.deepEqual([r.status, r.json.field, r.json.problem.code], [422, field, problem], JSON.stringify(change));
  }
  assert.equal((await post("/api/receptions", { cookie: member.cookie, body: hours })).status, 403);
  assert.equal((await post("/api/receptions", { body: hours })).status, 401);
  assert.equal((await del(`/api/receptions/${listed.id}`, { cookie: kpoManager })).status, 404, "not their programme");
  assert.equal((await del(`/api/receptions/${listed.id}`, { cookie: manager })).status, 204);
  assert.equal((await del(`/api/receptions/${listed.id}`, { cookie: manager })).status, 404, "withdrawn already");
  assert.ok(!(await get(`/api/programmes/${talas.id}/receptions`)).json.receptions.some((r) => r.id === listed.id));
  assert.equal((await get(`/api/programmes/${randomUUID()}/receptions`)).status, 404);
  const kpo = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Karachaganak"));
  const demo = (await get(`/api/programmes/${kpo.id}/receptions`)).json.receptions;
  assert.ok(demo.some((r) => r.receiver === "Community liaison officer" && r.hours.days.length === 5), "the demo publishes Karachaganak's reception");
});

test("the year's statistics count by category and channel and time the answers, and show nothing else", async () => {
  const url = `/api/programmes/${talas.id}/years/${YEAR}/grievances`;
  const before = (await get(url)).json;
  const count = (stats, key, list) => stats[list].find((c) => Object.values(c).includes(key)).count;
  const conduct = await file(filing({ category: "conduct" }));
  await post("/api/grievances", { cookie: manager, body: filing({ category: "conduct", channel: "complaint_box" }) });
  const id = await idOf((await get(`/api/track/${conduct.json.code}`)).json.description);
  await step(id, { step: "acknowledge" });
  await step(id, { step: "answer", answer: "The driver was spoken to and the route changed." });

  const after = (await get(url)).json;
  assert.deepEqual(Object.keys(after).sort(), ["answer_due", "answered_in_time", "by_category", "by_channel", "median_days_to_acknowledge", "median_days_to_answer", "total"]);
  assert.equal(after.total - before.total, 2);
  assert.equal(count(after, "conduct", "by_category") - count(before, "conduct", "by_category"), 2);
  assert.equal(count(after, "complaint_box", "by_channel") - count(before, "complaint_box", "by_channel"), 1);
  assert.ok(after.answered_in_time - before.answered_in_time >= 1);
  assert.ok(after.answered_in_time <= after.answer_due);
  assert.equal(typeof after.median_days_to_answer, "number");
  assert.equal((await get(`/api/programmes/${talas.id}/years/1999/grievances`)).status, 404);
  assert.equal((await get(`/api/programmes/${randomUUID()}/years/${YEAR}/grievances`)).status, 404);
});

test("a photo id already in use elsewhere is refused, so no upload replaces another record's image", async () => {
  const { code } = (await file(filing())).json;
  const draftId = randomUUID();
  const draft = { title: "Clean water for the school", description: "A filter and a tank.", category: "water", village: "Aksai", estimated_cost: "4 500 000", beneficiaries: 300 };
  assert.equal((await put(`/api/proposals/${draftId}`, { cookie: member.cookie, body: draft })).status, 200);
  const jpeg = { "content-type": "image/jpeg" };
  const picture = aJpeg(512);

  const proposalPhoto = randomUUID();
  assert.equal((await put(`/api/proposals/${draftId}/photos/${proposalPhoto}`, { cookie: member.cookie, body: picture, headers: jpeg })).status, 204);
  assert.equal((await put(`/api/track/${code}/photos/${proposalPhoto}`, { body: STRIPPED, headers: jpeg })).status, 404);
  assert.deepEqual((await get(`/api/photos/${proposalPhoto}`, { cookie: member.cookie })).bytes, picture, "the proposal's image is unchanged");

  const grievancePhoto = randomUUID();
  assert.equal((await put(`/api/track/${code}/photos/${grievancePhoto}`, { body: JPEG, headers: jpeg })).status, 204);
  assert.equal((await put(`/api/proposals/${draftId}/photos/${grievancePhoto}`, { cookie: member.cookie, body: JPEG, headers: jpeg })).status, 404);
  assert.deepEqual((await get(`/api/photos/${grievancePhoto}`, { cookie: manager })).bytes, STRIPPED, "the grievance's image is unchanged");
});
