// Exactly once over a weak signal: a phone that lost the answer to a write sends it again with
// the same Idempotency-Key. Every write route is tried here: the repeat gets the first answer
// back, and the database holds nothing more than after the first.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { get, post, call, signIn, sessionCookie, newAssessor, allocate, freshPhone, freshAddress, MANAGERS, MEMBER_PASSWORD, localSql, readSql } from "./client.mjs";

const YEAR = new Date().getUTCFullYear();
/// A JPEG segment: its marker, its length and its bytes.
const segment = (marker, body) => Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255]), body]);
// A JPEG well formed enough for the metadata a grievance's photo loses to be found and dropped.
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8]), segment(0xdb, Buffer.alloc(65, 1)), segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])), Buffer.from([0x12, 0x34, 0xff, 0xd9])]);
const IMAGE = { "content-type": "image/jpeg" };
const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/// Rows in every table, by name: what a write adds (and every change adds an event).
let countRows;
function counts() {
  return readSql(countRows)[0];
}

let manager;
let talas;
let kpoManager;
before(async () => {
  await post("/api/demo");
  manager = await signIn(MANAGERS.talas);
  kpoManager = await signIn(MANAGERS.kpo);
  talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const tables = localSql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'").map((r) => r.name);
  countRows = `SELECT ${tables.map((t) => `(SELECT COUNT(*) FROM "${t}") AS "${t}"`).join(", ")}`;
});

/// The write routes the story below sent twice, as `METHOD /template`.
const repeated = new Set();
/// The project the story approves.
let project;

/// Sends a write, then sends it again with the same key: the same status, body and cookies come
/// back, marked as a replay, and no table has gained or lost a row since the first.
async function twice(route, path, options = {}, { changes = true } = {}) {
  const [method] = route.split(" ");
  const headers = { ...options.headers, "idempotency-key": randomUUID() };
  const before = counts();
  const first = await call(method, path, { ...options, headers });
  assert.ok(first.status < 300, `${route}: ${first.status} ${first.text}`);
  const afterFirst = counts();
  if (changes) assert.notDeepEqual(afterFirst, before, `${route} changed something the first time`);
  const again = await call(method, path, { ...options, headers });
  assert.deepEqual([again.status, again.text], [first.status, first.text], `${route}: the first answer again`);
  assert.equal(again.headers.get("set-cookie"), first.headers.get("set-cookie"), `${route}: the same cookies`);
  assert.equal(again.headers.get("idempotent-replay"), "true", route);
  assert.deepEqual(counts(), afterFirst, `${route}: nothing was done twice`);
  repeated.add(route);
  return first;
}

test("every write sent twice with one key is done once and answered the same", async () => {
  await twice("POST /api/demo", "/api/demo", {}, { changes: false });

  // Accounts.
  const council = (await twice("POST /api/councils", "/api/councils", { cookie: manager, body: { name: `Exactly once ${randomUUID().slice(0, 8)}` } })).json;
  const invitation = await twice("POST /api/invitations", "/api/invitations", { cookie: manager, body: { role: "council_member", council: council.id } });
  const phone = freshPhone();
  const redeemed = await twice("POST /api/invitations/redeem", "/api/invitations/redeem", {
    body: { code: invitation.json.code, name: "Exactly Once", phone, password: MEMBER_PASSWORD },
    headers: { "cf-connecting-ip": freshAddress() },
  });
  const member = sessionCookie(redeemed);
  const signedIn = await twice("POST /api/session", "/api/session", { body: { phone, password: MEMBER_PASSWORD }, headers: { "cf-connecting-ip": freshAddress() } });
  // Signing out is not replayed (its repeat has no session to match the first's); it does
  // nothing twice by itself.
  const signOut = { cookie: sessionCookie(signedIn), headers: { "idempotency-key": randomUUID() } };
  const out = await call("DELETE", "/api/session", signOut);
  const afterSignOut = counts();
  const outAgain = await call("DELETE", "/api/session", signOut);
  assert.deepEqual([out.status, outAgain.status], [204, 204]);
  assert.deepEqual(counts(), afterSignOut);
  repeated.add("DELETE /api/session");
  const unused = (await post("/api/invitations", { cookie: manager, body: { role: "council_member", council: council.id } })).json;
  await twice("DELETE /api/invitations/{id}", `/api/invitations/${unused.id}`, { cookie: manager });

  // A proposal through its vote, assessment and decision.
  const id = randomUUID();
  const draft = { title: `Exactly once ${randomUUID().slice(0, 8)}`, description: "A footbridge over the canal by the school, with railings.", category: "roads", village: "Kara-Oi", estimated_cost: "900 000", beneficiaries: 250, location: null };
  await twice("PUT /api/proposals/{id}", `/api/proposals/${id}`, { cookie: member, body: draft });
  const [kept, dropped] = [randomUUID(), randomUUID()];
  await twice("PUT /api/proposals/{id}/photos/{photo}", `/api/proposals/${id}/photos/${kept}`, { cookie: member, body: JPEG, headers: IMAGE });
  await call("PUT", `/api/proposals/${id}/photos/${dropped}`, { cookie: member, body: JPEG, headers: IMAGE });
  await twice("DELETE /api/proposals/{id}/photos/{photo}", `/api/proposals/${id}/photos/${dropped}`, { cookie: member });
  await twice("POST /api/proposals/{id}/submit", `/api/proposals/${id}/submit`, { cookie: member });
  await twice("PUT /api/proposals/{id}/ballot", `/api/proposals/${id}/ballot`, { cookie: member, body: { choice: "for" } });
  const assessors = [await newAssessor(manager, "Once assessor A"), await newAssessor(manager, "Once assessor B")];
  await allocate(manager, talas.id, YEAR, council.id, "5 000 000");
  await twice("POST /api/proposals/{id}/assessors", `/api/proposals/${id}/assessors`, { cookie: manager, body: { assessors: assessors.map((a) => a.id) } });
  const scores = { kind: "scored", community_need: { score: 5 }, technical_feasibility: { score: 4 }, budget_fit: { score: 4 }, sustainability: { score: 3 } };
  await twice("POST /api/proposals/{id}/assessment", `/api/proposals/${id}/assessment`, { cookie: assessors[0].cookie, body: scores });
  await post(`/api/proposals/${id}/assessment`, { cookie: assessors[1].cookie, body: scores });
  await twice("POST /api/proposals/{id}/decision", `/api/proposals/${id}/decision`, { cookie: manager, body: { decision: "approve", amount: "900 000", reason: "Agreed by the programme's panel" } });
  project = (await get(`/api/proposals/${id}`)).json.project;
  assert.ok(project, "the approval made a project once");

  // Running the project.
  const milestones = (await twice("POST /api/projects/{id}/milestones", `/api/projects/${project}/milestones`, { cookie: manager, body: { title: "Piles driven", due: day(10) } })).json.milestones;
  await twice("POST /api/projects/{id}/milestones/{milestone}/done", `/api/projects/${project}/milestones/${milestones[0].id}/done`, { cookie: manager, body: { done: day(0) } });
  await twice("POST /api/projects/{id}/spending", `/api/projects/${project}/spending`, { cookie: manager, body: { date: day(0), amount: "300 000", purpose: "Timber" } });
  await twice("POST /api/projects/{id}/outputs", `/api/projects/${project}/outputs`, { cookie: manager, body: { quantity: "1", unit: "pieces", what: "Footbridge" } });
  await twice("PUT /api/projects/{id}/beneficiaries", `/api/projects/${project}/beneficiaries`, { cookie: manager, body: { count: "260" } });
  const [posted, removed] = [randomUUID(), randomUUID()];
  await twice("PUT /api/projects/{id}/photos/{photo}", `/api/projects/${project}/photos/${posted}`, { cookie: manager, body: JPEG, headers: IMAGE });
  await call("PUT", `/api/projects/${project}/photos/${removed}`, { cookie: manager, body: JPEG, headers: IMAGE });
  await twice("DELETE /api/projects/{id}/photos/{photo}", `/api/projects/${project}/photos/${removed}`, { cookie: manager });
  await twice("POST /api/projects/{id}/updates", `/api/projects/${project}/updates`, { cookie: manager, body: { text: "The piles are in.", photos: [posted] } });
  const reports = (await twice("POST /api/projects/{id}/reports", `/api/projects/${project}/reports`, { cookie: member, body: { rating: "problem", comment: "One railing post is loose already.", photos: [] } })).json.reports;
  await twice("POST /api/projects/{id}/reports/{report}/answer", `/api/projects/${project}/reports/${reports[0].id}/answer`, { cookie: manager, body: { answer: "The builder tightens it on Friday." } });

  // The year: its plan, and a year of another programme set and closed.
  const activities = (await twice("POST /api/years/{year}/plan", `/api/years/${YEAR}/plan`, { cookie: manager, body: { title: `Excursion ${randomUUID().slice(0, 6)}`, half: 2, expected_cost: "400 000" } })).json;
  await twice("PUT /api/years/{year}/plan/{activity}", `/api/years/${YEAR}/plan/${activities.at(-1).id}`, { cookie: manager, body: { done: true } });
  const farYear = 2041 + Math.floor(Math.random() * 50);
  await twice("PUT /api/years/{year}", `/api/years/${farYear}`, { cookie: kpoManager, body: { budget: "1 000 000", allocations: [] } });
  await twice("POST /api/years/{year}/close", `/api/years/${farYear}/close`, { cookie: kpoManager });

  // A grievance, its photo, its steps and its appeal; reception hours.
  const description = `The canal smells of diesel near the bridge (${randomUUID().slice(0, 8)})`;
  const receipt = (await twice("POST /api/grievances", "/api/grievances", { body: { programme: talas.id, village: "Kara-Oi", category: "environment", description, anonymous: true }, headers: { "cf-connecting-ip": freshAddress() } })).json;
  await twice("PUT /api/track/{code}/photos/{photo}", `/api/track/${receipt.code}/photos/${randomUUID()}`, { body: JPEG, headers: IMAGE });
  const grievance = await grievanceId(description);
  await twice("POST /api/grievances/{id}/steps", `/api/grievances/${grievance}/steps`, { cookie: manager, body: { step: "acknowledge" } });
  await post(`/api/grievances/${grievance}/steps`, { cookie: manager, body: { step: "answer", answer: "The pump station's seal was replaced on Monday." } });
  await twice("POST /api/track/{code}/appeal", `/api/track/${receipt.code}/appeal`, { body: { reason: "It still smells every evening after six." } });
  const hours = { receiver: `Deputy ${randomUUID().slice(0, 4)}`, place: "Room 12", days: ["mon"], from: "09:00", until: "12:00", languages: ["ru"] };
  await twice("POST /api/receptions", "/api/receptions", { cookie: manager, body: hours });
  const reception = (await get(`/api/programmes/${talas.id}/receptions`)).json.receptions.find((r) => r.receiver === hours.receiver);
  await twice("DELETE /api/receptions/{id}", `/api/receptions/${reception.id}`, { cookie: manager });

  // Nothing readable is kept: not the key, not the answer (here, the tracking code).
  const stored = JSON.stringify(localSql("SELECT * FROM idempotent_writes"));
  assert.ok(!stored.includes(receipt.code), "the tracking code is sealed");
  assert.ok(!stored.includes(invitation.json.code), "the invitation code is sealed");
});

/// The manager's id of a grievance, found by its description.
async function grievanceId(description) {
  for (const g of (await get("/api/grievances", { cookie: manager })).json.grievances) {
    if ((await get(`/api/grievances/${g.id}`, { cookie: manager })).json.description === description) return g.id;
  }
  throw new Error("not listed");
}

test("a refused write is not remembered: its repeat is judged again", async () => {
  const key = randomUUID();
  const before = counts();
  // Setting up is done once, with a token this server was never given.
  const first = await post("/api/bootstrap", { body: { token: "not the token", name: "Someone", phone: freshPhone(), password: "a long password" }, headers: { "idempotency-key": key } });
  assert.ok(first.status >= 400, first.text);
  const again = await post("/api/bootstrap", { body: { token: "not the token", name: "Someone", phone: freshPhone(), password: "a long password" }, headers: { "idempotency-key": key } });
  assert.equal(again.status, first.status);
  assert.equal(again.headers.get("idempotent-replay"), null, "judged again, not replayed");
  assert.deepEqual(counts(), before, "nothing was stored");
  repeated.add("POST /api/bootstrap");

  // A refused spending entry, corrected on the phone and sent again with its key, is recorded.
  const spendingKey = randomUUID();
  const path = `/api/projects/${project}/spending`;
  const zero = await post(path, { cookie: manager, body: { date: day(0), amount: "0", purpose: "Paint" }, headers: { "idempotency-key": spendingKey } });
  assert.deepEqual([zero.status, zero.json.field], [422, "amount"]);
  const fixed = await post(path, { cookie: manager, body: { date: day(0), amount: "15 000", purpose: "Paint" }, headers: { "idempotency-key": spendingKey } });
  assert.equal(fixed.status, 201, fixed.text);
});

test("one key for two different writes is refused, and a malformed key does nothing", async () => {
  const key = randomUUID();
  const hours = (receiver) => ({ cookie: manager, body: { receiver, place: "Room 3", days: ["fri"], from: "14:00", until: "16:00", languages: ["kk"] }, headers: { "idempotency-key": key } });
  assert.equal((await post("/api/receptions", hours(`Receiver ${randomUUID().slice(0, 4)}`))).status, 201);
  const before = counts();
  const other = await post("/api/receptions", hours(`Receiver ${randomUUID().slice(0, 4)}`));
  assert.deepEqual([other.status, other.json.field, other.json.problem.code], [422, "idempotency_key", "already_used"]);
  for (const [bad, problem] of [["short", "too_short"], ["x".repeat(65), "too_long"], ["bad key with spaces, too!", "malformed"]]) {
    const refused = await post("/api/receptions", { ...hours("Never stored"), headers: { "idempotency-key": bad } });
    assert.deepEqual([refused.status, refused.json.field, refused.json.problem.code], [422, "idempotency_key", problem], bad);
  }
  assert.deepEqual(counts(), before, "nothing was stored");
});

test("two sends of one write at the same moment do it once", async () => {
  const headers = { "idempotency-key": randomUUID(), "cf-connecting-ip": freshAddress() };
  const body = { programme: talas.id, village: "Aksai", category: "land", description: `Both at once (${randomUUID().slice(0, 8)})`, anonymous: true };
  const before = counts();
  const both = await Promise.all([post("/api/grievances", { body, headers }), post("/api/grievances", { body, headers })]);
  const statuses = both.map((r) => r.status).sort();
  assert.ok(statuses[0] === 201 && [201, 409].includes(statuses[1]), `statuses ${statuses}`);
  const waiting = both.find((r) => r.status === 409);
  if (waiting) assert.equal(waiting.json.reason, "in_progress");
  const later = await post("/api/grievances", { body, headers });
  assert.equal(later.status, 201);
  assert.equal(later.json.code, both.find((r) => r.status === 201).json.code, "the same code comes back");
  assert.equal(counts().grievances, before.grievances + 1, "filed once");
});

test("every write route of the API was sent twice above", async () => {
  const doc = (await get("/api/openapi.json")).json;
  const writes = Object.entries(doc.paths).flatMap(([path, item]) =>
    ["post", "put", "delete", "patch"].filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
  );
  assert.deepEqual([...writes].filter((w) => !repeated.has(w)), [], "write routes never sent twice");
});
