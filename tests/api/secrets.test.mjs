// Secrets, privacy and abuse: nothing stored lets a password be guessed faster than its PBKDF2
// hash, a repeated write's answer goes only to whoever made it, an anonymous filing cannot be
// joined to a sign-in from the same address, limits are counted atomically, and a stranger who
// knows a phone number cannot keep its owner out.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { get, post, signIn, sessionCookie, newCouncil, newMember, freshPhone, freshAddress, MANAGERS, MEMBER_PASSWORD, localSql, readSql } from "./client.mjs";

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

let manager;
let council;
before(async () => {
  await post("/api/demo");
  manager = await signIn(MANAGERS.kpo);
  council = await newCouncil(manager, "Secrets council");
});

/// The cookie of a given name among those a response set.
function cookieNamed(response, name) {
  const all = response.headers.getSetCookie?.() ?? [response.headers.get("set-cookie") ?? ""];
  const found = all.find((c) => c.startsWith(`${name}=`));
  return found?.split(";")[0];
}

test("a remembered sign-in holds no digest of its body that a password guess could be checked against", async () => {
  const member = await newMember(manager, council.id, "Madina");
  const key = randomUUID();
  const body = JSON.stringify({ phone: member.phone, password: MEMBER_PASSWORD });
  const signedIn = await post("/api/session", { body, headers: { "idempotency-key": key, "cf-connecting-ip": freshAddress() } });
  assert.equal(signedIn.status, 200, signedIn.text);
  const stored = localSql("SELECT request FROM idempotent_writes").map((r) => r.request);
  for (const guess of [body, `POST\n/api/session\n${body}`]) {
    assert.ok(!stored.includes(sha256(guess)), "a plain digest of the body is stored");
  }
});

test("a repeated write is answered only to the member who made it, under any of their sessions", async () => {
  const key = randomUUID();
  const body = { role: "council_member", council: council.id };
  const first = await post("/api/invitations", { cookie: manager, body, headers: { "idempotency-key": key } });
  assert.equal(first.status, 201, first.text);
  const code = first.json.code;

  const withoutSession = await post("/api/invitations", { body, headers: { "idempotency-key": key } });
  const otherManager = await post("/api/invitations", { cookie: await signIn(MANAGERS.talas), body, headers: { "idempotency-key": key } });
  for (const [who, answer] of [["no session", withoutSession], ["another manager", otherManager]]) {
    assert.ok(answer.status >= 400, `${who}: ${answer.status}`);
    assert.ok(!answer.text.includes(code), `${who} got the invitation code`);
    assert.equal(answer.headers.get("idempotent-replay"), null, who);
  }
  // Without a session the route is refused before the key is even looked up; another member's
  // session learns only that the key is taken.
  assert.deepEqual([withoutSession.status, withoutSession.json.error], [401, "unauthorized"]);
  assert.deepEqual([otherManager.status, otherManager.json.field, otherManager.json.problem.code], [422, "idempotency_key", "already_used"]);

  // The same manager, signed in again on another phone, gets the answer back.
  const again = await post("/api/session", { body: { phone: MANAGERS.kpo, password: "kenes-demo-2026" }, headers: { "cf-connecting-ip": freshAddress() } });
  const replay = await post("/api/invitations", { cookie: sessionCookie(again), body, headers: { "idempotency-key": key } });
  assert.deepEqual([replay.status, replay.json.code, replay.headers.get("idempotent-replay")], [201, code, "true"]);
});

test("a key too simple to be random is refused before anything is done", async () => {
  for (const key of ["aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaa", "00000000-0000-4000-8000-000000000000", "0123456789abcdef"]) {
    const refused = await post("/api/councils", { cookie: manager, body: { name: `Never made ${randomUUID()}` }, headers: { "idempotency-key": key } });
    assert.equal(refused.status, 422, key);
    assert.equal(refused.json.field, "idempotency_key", key);
  }
});

test("thirty wrong passwords sent at once are counted one by one: ten are judged, twenty wait", async () => {
  const phone = freshPhone();
  const address = freshAddress();
  const answers = await Promise.all(
    Array.from({ length: 30 }, () => post("/api/session", { body: { phone, password: "guessing wrong" }, headers: { "cf-connecting-ip": address } })),
  );
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [...Array(10).fill(422), ...Array(20).fill(429)], JSON.stringify(statuses));
});

test("a stranger's wrong passwords for a number do not keep its owner out on the phone they use", async () => {
  const member = await newMember(manager, council.id, "Saule");
  // The owner signs in on their phone, which the account then knows.
  const own = await post("/api/session", { body: { phone: member.phone, password: MEMBER_PASSWORD }, headers: { "cf-connecting-ip": freshAddress() } });
  assert.equal(own.status, 200, own.text);
  const device = cookieNamed(own, "__Host-kenes_device");
  assert.match(device ?? "", /^__Host-kenes_device=[0-9a-f]{64}$/);

  // A stranger, from addresses of their own, uses up the number's attempts.
  let stranger;
  for (let i = 0; i < 11; i += 1) {
    stranger = await post("/api/session", { body: { phone: member.phone, password: `guess ${i}` }, headers: { "cf-connecting-ip": freshAddress() } });
  }
  assert.equal(stranger.status, 429, "the stranger waits");
  const newPhone = await post("/api/session", { body: { phone: member.phone, password: MEMBER_PASSWORD }, headers: { "cf-connecting-ip": freshAddress() } });
  assert.equal(newPhone.status, 429, "so does any device the account does not know");

  const owner = await post("/api/session", { cookie: device, body: { phone: member.phone, password: MEMBER_PASSWORD }, headers: { "cf-connecting-ip": freshAddress() } });
  assert.equal(owner.status, 200, `the owner's phone gets through: ${owner.text}`);
  // Another account's device token is no way past the limit.
  const other = await newMember(manager, council.id, "Other");
  const borrowed = await post("/api/session", { body: { phone: other.phone, password: MEMBER_PASSWORD }, headers: { "cf-connecting-ip": freshAddress() } });
  const borrowedDevice = cookieNamed(borrowed, "__Host-kenes_device");
  const misuse = await post("/api/session", { cookie: borrowedDevice, body: { phone: member.phone, password: MEMBER_PASSWORD }, headers: { "cf-connecting-ip": freshAddress() } });
  assert.equal(misuse.status, 429);
});

test("an anonymous filing and a redemption from one address in one minute share no key, value or time", async () => {
  const address = freshAddress();
  const before = new Map(localSql("SELECT key, count FROM rate_limits").map((r) => [r.key, r.count]));
  const invitation = await post("/api/invitations", { cookie: manager, body: { role: "council_member", council: council.id } });
  const redeemed = await post("/api/invitations/redeem", {
    body: { code: invitation.json.code, name: "Same Address", phone: freshPhone(), password: MEMBER_PASSWORD },
    headers: { "cf-connecting-ip": address },
  });
  assert.equal(redeemed.status, 201, redeemed.text);
  const programme = (await get("/api/programmes")).json.programmes.find((p) => p.name.includes("Karachaganak"));
  const filed = await post("/api/grievances", {
    body: { programme: programme.id, village: "Aksai", category: "environment", description: `Dust from the road ${randomUUID()}`, anonymous: true },
    headers: { "cf-connecting-ip": address },
  });
  assert.equal(filed.status, 201, filed.text);

  const touched = localSql("SELECT * FROM rate_limits").filter((r) => before.get(r.key) !== r.count);
  assert.equal(touched.length, 3, "the redemption's address and phone, and the filing's address");
  assert.equal(new Set(touched.map((r) => r.key)).size, 3, "no two counts share a key");
  for (const row of touched) {
    assert.match(row.key, /^[0-9a-f]{64}$/);
    assert.notEqual(row.key, sha256(address));
    assert.notEqual(row.key, sha256(`addr:${address}`));
    // Windows on the clock: a count says which quarter or hour, not when anyone came.
    assert.match(row.window_start, /T\d\d:(00|15|30|45):00\.000Z$/);
    assert.match(row.window_end, /T\d\d:(00|15|30|45):00\.000Z$/);
  }
  // No table holds the address, in the clear or as a plain digest.
  const tables = localSql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").map((r) => r.name);
  for (const table of tables) {
    const rows = JSON.stringify(readSql(`SELECT * FROM "${table}"`));
    for (const trace of [address, sha256(address), sha256(`addr:${address}`)]) assert.ok(!rows.includes(trace), `${table} holds ${trace}`);
  }
});

test("a count is dropped once its window has ended", async () => {
  localSql("INSERT INTO rate_limits (key, window_start, window_end, count) VALUES ('ended', '2020-01-01T00:00:00.000Z', '2020-01-01T00:15:00.000Z', 3)");
  await post("/api/session", { body: { phone: freshPhone(), password: "any password" }, headers: { "cf-connecting-ip": freshAddress() } });
  assert.deepEqual(localSql("SELECT key FROM rate_limits WHERE key = 'ended'"), []);
});

test("every answer, of the API and of the app's files, asks the browser for HTTPS only", async () => {
  for (const path of ["/api/health", "/api/nothing-here", "/api/proposals?after=bad", "/", "/grievances/new", "/sw.js"]) {
    const answer = await get(path);
    assert.match(answer.headers.get("strict-transport-security") ?? "", /^max-age=\d{8,}; includeSubDomains$/, path);
  }
  const refused = await post("/api/session", { body: { phone: "not a phone", password: "x" } });
  assert.match(refused.headers.get("strict-transport-security") ?? "", /max-age=/);
});
