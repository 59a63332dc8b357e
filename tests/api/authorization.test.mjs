// Who may touch a proposal: every refused call is 401, 403 or 404 and changes nothing.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { get, post, call, signIn, newCouncil, newMember, freshPhone, freshAddress, sessionCookie, MANAGERS } from "./client.mjs";

const put = (path, options) => call("PUT", path, options);

const draft = {
  title: "Street lights for Bestau",
  description: "Twelve solar street lights along the main road.",
  category: "roads",
  village: "Bestau",
  estimated_cost: "3 600 000",
  beneficiaries: 1200,
  location: null,
};

let author;
let outsiders; // name -> cookie (undefined for the public)
let draftId;
let votingId;

before(async () => {
  await post("/api/demo");
  const manager = await signIn(MANAGERS.kpo);
  const council = await newCouncil(manager, "Matrix council");
  author = await newMember(manager, council.id, "Author");
  const otherCouncilMember = await newMember(manager, (await newCouncil(manager, "Matrix other")).id, "Neighbour");
  const assessorInvite = await post("/api/invitations", { cookie: manager, body: { role: "assessor" } });
  const assessor = await post("/api/invitations/redeem", {
    body: { code: assessorInvite.json.code, name: "Assessor", phone: freshPhone(), password: "assessor password" },
    headers: { "cf-connecting-ip": freshAddress() },
  });
  outsiders = {
    public: undefined,
    "member of another council": otherCouncilMember.cookie,
    "assessor of the programme": sessionCookie(assessor),
    "manager of the programme": manager,
    "manager of another programme": await signIn(MANAGERS.talas),
  };
  draftId = randomUUID();
  await put(`/api/proposals/${draftId}`, { cookie: author.cookie, body: draft });
  votingId = randomUUID();
  await put(`/api/proposals/${votingId}`, { cookie: author.cookie, body: draft });
  await post(`/api/proposals/${votingId}/submit`, { cookie: author.cookie });
});

async function snapshot(id) {
  const view = (await get(`/api/proposals/${id}`, { cookie: author.cookie })).json;
  return { status: view.summary.status, content: view.content, history: view.history.length, tally: view.vote?.tally };
}

test("nobody outside the council reads, edits or submits its draft", async () => {
  const before = await snapshot(draftId);
  for (const [who, cookie] of Object.entries(outsiders)) {
    const refused = who === "public" ? [401, 404] : [403, 404];
    const read = await get(`/api/proposals/${draftId}`, { cookie });
    assert.equal(read.status, 404, `${who} reading`);
    const edit = await put(`/api/proposals/${draftId}`, { cookie, body: { ...draft, title: "Rewritten by someone else" } });
    assert.ok(refused.includes(edit.status), `${who} editing: ${edit.status}`);
    const submit = await post(`/api/proposals/${draftId}/submit`, { cookie });
    assert.ok(refused.includes(submit.status), `${who} submitting: ${submit.status}`);
  }
  assert.deepEqual(await snapshot(draftId), before);
});

test("nobody outside the council votes, though everyone may follow the vote", async () => {
  const before = await snapshot(votingId);
  for (const [who, cookie] of Object.entries(outsiders)) {
    const read = await get(`/api/proposals/${votingId}`, { cookie });
    assert.equal(read.status, 200, `${who} reading`);
    assert.equal(read.json.vote.roll_call, null, `${who} sees no roll call`);
    const ballot = await put(`/api/proposals/${votingId}/ballot`, { cookie, body: { choice: "for" } });
    assert.equal(ballot.status, who === "public" ? 401 : 403, `${who} voting`);
  }
  assert.deepEqual(await snapshot(votingId), before);
});
