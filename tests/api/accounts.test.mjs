// Accounts: managers sign in, add councils and invite; the invited redeem their code; sessions
// end on sign-out; every refusal is typed and changes nothing.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { get, post, del, withDemo, signIn, sessionCookie, freshPhone, MANAGERS, DEMO_PASSWORD } from "./client.mjs";

let programmes;
let kpo; // the KPO manager's session
let talas; // the Talas manager's session
before(async () => {
  programmes = await withDemo();
  kpo = await signIn(MANAGERS.kpo);
  talas = await signIn(MANAGERS.talas);
});

const programme = (name) => programmes.find((p) => p.name.startsWith(name));
const council = (programmeName, councilName) => programme(programmeName).councils.find((c) => c.name === councilName);

async function invite(cookie, body) {
  const response = await post("/api/invitations", { cookie, body });
  assert.equal(response.status, 201, response.text);
  return response.json;
}

async function redeem(code, phone = freshPhone(), name = "Aigerim Nurlanovna", password = "ауыл кеңесі 2026") {
  return post("/api/invitations/redeem", { body: { code, name, phone, password } });
}

test("a manager signs in with the demo account and the session cookie is locked down", async () => {
  const response = await post("/api/session", { body: { phone: "+7 700 000 00 01", password: DEMO_PASSWORD } });
  assert.equal(response.status, 200);
  assert.equal(response.json.role, "manager");
  assert.equal(response.json.programme, programme("Karachaganak").id);
  const cookie = response.headers.get("set-cookie");
  assert.match(cookie, /^__Host-kenes_session=[0-9a-f]{64};/);
  for (const flag of ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"]) assert.ok(cookie.includes(flag), flag);
  const me = await get("/api/session", { cookie: sessionCookie(response) });
  assert.equal(me.status, 200);
  assert.equal(me.json.member, response.json.member);
});

test("a wrong password and an unknown phone get the same answer on the password field", async () => {
  for (const phone of [MANAGERS.kpo, "+77019999999"]) {
    const response = await post("/api/session", { body: { phone, password: "not the password" } });
    assert.equal(response.status, 422);
    assert.deepEqual(response.json, { error: "invalid", field: "password", problem: { code: "wrong_credentials" } });
    assert.equal(response.headers.get("set-cookie"), null);
  }
});

test("a malformed phone number is reported against the phone field", async () => {
  const response = await post("/api/session", { body: { phone: "12 34", password: "whatever" } });
  assert.equal(response.status, 422);
  assert.equal(response.json.field, "phone");
  assert.equal(response.json.problem.code, "malformed");
});

test("nobody signed in is unauthorised, and a made-up cookie signs nobody in", async () => {
  assert.equal((await get("/api/session")).status, 401);
  const forged = await get("/api/session", { cookie: `__Host-kenes_session=${"ab".repeat(32)}` });
  assert.equal(forged.status, 401);
  assert.equal(forged.json.error, "unauthorized");
});

test("signing out ends the session on the server", async () => {
  const cookie = await signIn(MANAGERS.torangy);
  const out = await del("/api/session", { cookie });
  assert.equal(out.status, 204);
  assert.match(out.headers.get("set-cookie"), /Max-Age=0/);
  assert.equal((await get("/api/session", { cookie })).status, 401, "the old cookie no longer works");
});

test("a manager adds a council to their own programme and the public sees it", async () => {
  const name = `Zhanatalap ${Date.now()}`;
  const created = await post("/api/councils", { cookie: kpo, body: { name } });
  assert.equal(created.status, 201);
  const listed = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Karachaganak"));
  assert.ok(listed.councils.some((c) => c.id === created.json.id && c.name === name));
  const again = await post("/api/councils", { cookie: kpo, body: { name } });
  assert.equal(again.status, 422);
  assert.equal(again.json.problem.code, "taken");
});

test("an invited council member redeems the code once and is signed in to their council", async () => {
  const aksai = council("Karachaganak", "Aksai");
  const invitation = await invite(kpo, { role: "council_member", council: aksai.id });
  assert.match(invitation.code, /^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{3}$/);
  const phone = freshPhone();
  const typed = invitation.code.toLowerCase().replaceAll("-", " ");
  const response = await redeem(typed, phone.replace("+7", "8 "));
  assert.equal(response.status, 201, response.text);
  assert.equal(response.json.role, "council_member");
  assert.equal(response.json.council, aksai.id);
  const me = await get("/api/session", { cookie: sessionCookie(response) });
  assert.equal(me.json.name, "Aigerim Nurlanovna");

  const second = await redeem(invitation.code);
  assert.equal(second.status, 422);
  assert.deepEqual([second.json.field, second.json.problem.code], ["code", "already_used"]);

  const signedIn = await post("/api/session", { body: { phone, password: "ауыл кеңесі 2026" } });
  assert.equal(signedIn.status, 200, "the new member signs in with the phone number in E.164 form");

  const listed = (await get("/api/invitations", { cookie: kpo })).json.invitations.find((i) => i.id === invitation.id);
  assert.ok(listed.used_at, "the manager sees it used");
  assert.equal(listed.code, undefined, "the code is not kept");
});

test("each listed invitation names its council, whom it is for and who made it", async () => {
  const aksai = council("Karachaganak", "Aksai");
  const note = `Aigul, school director ${Math.random().toString(36).slice(2, 7)}`;
  const made = await invite(kpo, { role: "council_member", council: aksai.id, note: `  ${note} ` });
  const plain = await invite(kpo, { role: "assessor" });
  const list = (await get("/api/invitations", { cookie: kpo })).json.invitations;
  const me = (await get("/api/session", { cookie: kpo })).json.name;
  const row = list.find((i) => i.id === made.id);
  assert.deepEqual([row.note, row.council_name, row.invited_by], [note, "Aksai", me]);
  const other = list.find((i) => i.id === plain.id);
  assert.deepEqual([other.note, other.council_name, other.invited_by], [null, null, me]);

  const long = await post("/api/invitations", { cookie: kpo, body: { role: "assessor", note: "x".repeat(121) } });
  assert.equal(long.status, 422);
  assert.deepEqual([long.json.field, long.json.problem.code], ["note", "too_long"]);
});

test("a revoked invitation cannot be redeemed", async () => {
  const invitation = await invite(kpo, { role: "assessor" });
  assert.equal((await del(`/api/invitations/${invitation.id}`, { cookie: kpo })).status, 204);
  const response = await redeem(invitation.code);
  assert.deepEqual([response.status, response.json.field, response.json.problem.code], [422, "code", "revoked"]);
});

test("a mistyped code is a typo and an unknown one is unknown", async () => {
  const invitation = await invite(kpo, { role: "assessor" });
  const first = invitation.code[0];
  const typo = (first === "A" ? "B" : "A") + invitation.code.slice(1);
  const mistyped = await redeem(typo);
  assert.deepEqual([mistyped.status, mistyped.json.field, mistyped.json.problem.code], [422, "code", "typo"]);
  const other = await invite(talas, { role: "assessor" });
  await del(`/api/invitations/${other.id}`, { cookie: talas });
  const made_up = await redeem("0000-0000-0000-0000-0000-0000-000");
  assert.deepEqual([made_up.json.field, made_up.json.problem.code], ["code", "unknown"]);
});

test("a phone number that already has an account is refused and the invitation stays unused", async () => {
  const invitation = await invite(kpo, { role: "assessor" });
  const response = await redeem(invitation.code, MANAGERS.talas);
  assert.deepEqual([response.status, response.json.field, response.json.problem.code], [422, "phone", "taken"]);
  assert.equal((await redeem(invitation.code)).status, 201, "the code still works with another number");
});

test("a short password is refused with its minimum length", async () => {
  const invitation = await invite(kpo, { role: "assessor" });
  const response = await redeem(invitation.code, freshPhone(), "Daniyar", "short");
  assert.deepEqual(response.json, { error: "invalid", field: "password", problem: { code: "too_short", min: 8 } });
});

test("only managers invite, and only into their own programme", async () => {
  const aksai = council("Karachaganak", "Aksai");
  const publicCall = await post("/api/invitations", { body: { role: "assessor" } });
  assert.equal(publicCall.status, 401);

  const memberInvite = await invite(kpo, { role: "council_member", council: aksai.id });
  const member = sessionCookie(await redeem(memberInvite.code));
  assert.equal((await post("/api/invitations", { cookie: member, body: { role: "assessor" } })).status, 403);
  assert.equal((await get("/api/invitations", { cookie: member })).status, 403);
  assert.equal((await post("/api/councils", { cookie: member, body: { name: "Rogue council" } })).status, 403);

  const crossProgramme = await post("/api/invitations", { cookie: talas, body: { role: "council_member", council: aksai.id } });
  assert.deepEqual([crossProgramme.status, crossProgramme.json.field, crossProgramme.json.problem.code], [422, "council", "unknown"]);

  const kpoInvitation = await invite(kpo, { role: "assessor" });
  assert.equal((await del(`/api/invitations/${kpoInvitation.id}`, { cookie: talas })).status, 404);
  assert.equal((await redeem(kpoInvitation.code)).status, 201, "another programme's manager changed nothing");
});

test("too many sign-in attempts for one phone number wait, with the time to wait", async () => {
  const phone = freshPhone();
  let response;
  for (let i = 0; i < 11; i += 1) {
    response = await post("/api/session", { body: { phone, password: "guessing" } });
  }
  assert.equal(response.status, 429);
  assert.equal(response.json.error, "rate_limited");
  assert.ok(response.json.retry_after_seconds > 0 && response.json.retry_after_seconds <= 900);
  assert.equal(response.headers.get("retry-after"), String(response.json.retry_after_seconds));
});
