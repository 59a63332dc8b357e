// Proposals and council votes: idempotent drafts made with the app's id, drafts private to the
// council, submission opening the vote, one ballot per member however often and however fast
// they are sent, the vote closing itself, and the public list.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { get, post, call, signIn, newCouncil, newMember, MANAGERS, localSql } from "./client.mjs";

const put = (path, options) => call("PUT", path, options);

let manager;
let council;
let members; // three members of `council`
let outsider; // a member of another council of the same programme
before(async () => {
  await post("/api/demo");
  manager = await signIn(MANAGERS.kpo);
  council = await newCouncil(manager, "Vote council");
  members = [];
  for (const name of ["Aigerim", "Bolat", "Dana"]) members.push(await newMember(manager, council.id, name));
  outsider = await newMember(manager, (await newCouncil(manager, "Other council")).id, "Yerlan");
});

function draft(overrides = {}) {
  return {
    title: "Clean water for the school",
    description: "A filter and a storage tank for 300 pupils.",
    category: "water",
    village: "Aksai",
    estimated_cost: "4 500 000 ₸",
    beneficiaries: 300,
    location: { latitude: 51.17, longitude: 53.0 },
    ...overrides,
  };
}

test("a draft made twice with the same id is one draft with one history entry", async () => {
  const id = randomUUID();
  const first = await put(`/api/proposals/${id}`, { cookie: members[0].cookie, body: draft() });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.summary.status, "draft");
  assert.equal(first.json.summary.estimated_cost, 4_500_000);
  const again = await put(`/api/proposals/${id}`, { cookie: members[0].cookie, body: draft() });
  assert.equal(again.status, 200);
  assert.deepEqual(again.json, first.json);
  assert.deepEqual(first.json.history.map((h) => h.change), ["proposal_drafted"]);
});

test("a draft is seen and edited only by its council", async () => {
  const id = randomUUID();
  await put(`/api/proposals/${id}`, { cookie: members[0].cookie, body: draft() });
  assert.equal((await get(`/api/proposals/${id}`)).status, 404, "the public");
  assert.equal((await get(`/api/proposals/${id}`, { cookie: outsider.cookie })).status, 404, "another council");
  assert.equal((await get(`/api/proposals/${id}`, { cookie: manager })).status, 404, "the company");
  const colleague = await get(`/api/proposals/${id}`, { cookie: members[1].cookie });
  assert.equal(colleague.status, 200);
  assert.equal(colleague.json.content.title, "Clean water for the school");

  const hijack = await put(`/api/proposals/${id}`, { cookie: outsider.cookie, body: draft({ title: "Taken over by another council" }) });
  assert.equal(hijack.status, 404);
  const edited = await put(`/api/proposals/${id}`, { cookie: members[1].cookie, body: draft({ title: "Clean water for the school and clinic" }) });
  assert.equal(edited.status, 200);
  assert.equal(edited.json.content.title, "Clean water for the school and clinic");
  assert.equal((await put(`/api/proposals/${randomUUID()}`, { cookie: manager, body: draft() })).status, 403, "managers do not draft");
  assert.equal((await put(`/api/proposals/${randomUUID()}`, { body: draft() })).status, 401);
});

test("bad fields are refused against the field and nothing is stored", async () => {
  const cases = [
    [{ title: "Well" }, "title", "too_short"],
    [{ estimated_cost: "-5 000" }, "estimated_cost", "negative"],
    [{ estimated_cost: "99 999 999 999 999" }, "estimated_cost", "too_large"],
    [{ category: "rockets" }, "category", "unknown_value"],
    [{ description: "" }, "description", "empty"],
  ];
  for (const [override, field, code] of cases) {
    const id = randomUUID();
    const response = await put(`/api/proposals/${id}`, { cookie: members[0].cookie, body: draft(override) });
    assert.equal(response.status, 422, JSON.stringify(override));
    assert.deepEqual([response.json.field, response.json.problem.code], [field, code]);
    assert.equal((await get(`/api/proposals/${id}`, { cookie: members[0].cookie })).status, 404);
  }
  const malformed = await put(`/api/proposals/not-a-uuid`, { cookie: members[0].cookie, body: draft() });
  assert.equal(malformed.status, 404);
});

async function submitted() {
  const id = randomUUID();
  await put(`/api/proposals/${id}`, { cookie: members[0].cookie, body: draft() });
  const response = await post(`/api/proposals/${id}/submit`, { cookie: members[0].cookie });
  assert.equal(response.status, 200, response.text);
  return { id, view: response.json };
}

test("submitting opens a seven-day vote of the council's members that the public can follow", async () => {
  const { id, view } = await submitted();
  assert.equal(view.summary.status, "council_vote");
  assert.equal(view.vote.tally.members, 3);
  const days = (Date.parse(view.vote.deadline) - Date.now()) / 86_400_000;
  assert.ok(days > 6.9 && days <= 7, `deadline in ${days} days`);
  const publicView = await get(`/api/proposals/${id}`);
  assert.equal(publicView.status, 200);
  assert.equal(publicView.json.vote.roll_call, null, "the public sees the tally, not the roll call");
  const memberView = await get(`/api/proposals/${id}`, { cookie: members[2].cookie });
  assert.equal(memberView.json.vote.roll_call.length, 3);
  const again = await post(`/api/proposals/${id}/submit`, { cookie: members[0].cookie });
  assert.deepEqual([again.status, again.json.reason], [409, "wrong_status"]);
  const edit = await put(`/api/proposals/${id}`, { cookie: members[0].cookie, body: draft({ title: "Changed after submitting" }) });
  assert.equal(edit.status, 409);
});

test("a member may change their vote, only the last counts, and outsiders cannot vote", async () => {
  const { id } = await submitted();
  await put(`/api/proposals/${id}/ballot`, { cookie: members[0].cookie, body: { choice: "against" } });
  const changed = await put(`/api/proposals/${id}/ballot`, { cookie: members[0].cookie, body: { choice: "for" } });
  assert.equal(changed.status, 200);
  assert.deepEqual([changed.json.tally, changed.json.my_choice, changed.json.closed], [{ for: 1, against: 0, abstain: 0, members: 3 }, "for", false]);
  const roll = (await get(`/api/proposals/${id}`, { cookie: members[1].cookie })).json.vote.roll_call.find((r) => r.member === members[0].me.member);
  assert.equal(roll.choice, "for", "only the last ballot is in the roll call");
  assert.equal((await put(`/api/proposals/${id}/ballot`, { cookie: outsider.cookie, body: { choice: "for" } })).status, 403);
  assert.equal((await put(`/api/proposals/${id}/ballot`, { cookie: manager, body: { choice: "for" } })).status, 403);
  assert.equal((await put(`/api/proposals/${id}/ballot`, { body: { choice: "for" } })).status, 401);
  const maybe = await put(`/api/proposals/${id}/ballot`, { cookie: members[1].cookie, body: { choice: "maybe" } });
  assert.deepEqual([maybe.status, maybe.json.field, maybe.json.problem.code], [422, "choice", "unknown_value"]);
  const after = await get(`/api/proposals/${id}`);
  assert.equal(after.json.vote.tally.for + after.json.vote.tally.against, 1, "refused ballots changed nothing");
});

test("a write made for one member is refused under another's session and changes nothing", async () => {
  const { id } = await submitted();
  // A phone's outbox sending Aigerim's ballot after Bolat signed in on it.
  const forAigerim = { "kenes-member": members[0].me.member };
  const refused = await put(`/api/proposals/${id}/ballot`, { cookie: members[1].cookie, headers: forAigerim, body: { choice: "against" } });
  assert.deepEqual([refused.status, refused.json.reason], [409, "other_member"]);
  const garbled = await put(`/api/proposals/${id}/ballot`, { cookie: members[1].cookie, headers: { "kenes-member": "not-a-member" }, body: { choice: "against" } });
  assert.deepEqual([garbled.status, garbled.json.reason], [409, "other_member"]);
  const tally = (await get(`/api/proposals/${id}`)).json.vote.tally;
  assert.deepEqual([tally.for, tally.against, tally.abstain], [0, 0, 0], "no ballot in either name");
  const own = await put(`/api/proposals/${id}/ballot`, { cookie: members[0].cookie, headers: forAigerim, body: { choice: "against" } });
  assert.equal(own.status, 200, "under her own session it goes");
  const saved = await put(`/api/proposals/${randomUUID()}`, { cookie: members[1].cookie, headers: forAigerim, body: draft() });
  assert.deepEqual([saved.status, saved.json.reason], [409, "other_member"], "drafts too");
});

test("the vote closes when every member has voted, forwards the proposal and takes no more ballots", async () => {
  const { id } = await submitted();
  await put(`/api/proposals/${id}/ballot`, { cookie: members[0].cookie, body: { choice: "for" } });
  await put(`/api/proposals/${id}/ballot`, { cookie: members[1].cookie, body: { choice: "for" } });
  const last = await put(`/api/proposals/${id}/ballot`, { cookie: members[2].cookie, body: { choice: "against" } });
  assert.deepEqual([last.json.status, last.json.closed, last.json.outcome], ["forwarded", true, "passed"]);
  const closed = (await get(`/api/proposals/${id}`)).json.history.find((h) => h.change === "vote_closed");
  assert.deepEqual(closed.tally, { for: 2, against: 1, abstain: 0, members: 3 });
  assert.equal(closed.role, null, "closed by Kenes itself");
  const late = await put(`/api/proposals/${id}/ballot`, { cookie: members[0].cookie, body: { choice: "against" } });
  assert.deepEqual([late.status, late.json.reason], [409, "vote_closed"]);
});

test("fifty ballots at once from one member make one ballot, and from fifty members fifty", async () => {
  const big = await newCouncil(manager, "Big council");
  const many = await Promise.all(Array.from({ length: 50 }, (_, i) => newMember(manager, big.id, `Member ${i + 1}`)));
  const id = randomUUID();
  await put(`/api/proposals/${id}`, { cookie: many[0].cookie, body: draft() });
  await post(`/api/proposals/${id}/submit`, { cookie: many[0].cookie });

  const same = await Promise.all(
    Array.from({ length: 50 }, (_, i) => put(`/api/proposals/${id}/ballot`, { cookie: many[0].cookie, body: { choice: i % 2 ? "for" : "against" } })),
  );
  assert.ok(same.every((r) => r.status === 200), same.map((r) => r.status).join(","));
  const afterSame = await get(`/api/proposals/${id}`);
  assert.equal(afterSame.json.vote.tally.for + afterSame.json.vote.tally.against, 1);

  const everyone = await Promise.all(many.slice(1).map((m) => put(`/api/proposals/${id}/ballot`, { cookie: m.cookie, body: { choice: "for" } })));
  assert.ok(everyone.every((r) => r.status === 200 || (r.status === 409 && r.json.reason === "vote_closed")));
  const final = await get(`/api/proposals/${id}`);
  const tally = final.json.vote.tally;
  assert.equal(tally.for + tally.against + tally.abstain, 50);
  assert.equal(final.json.summary.status, "forwarded");
  assert.equal(final.json.history.filter((h) => h.change === "vote_closed").length, 1, "closed once");
});

test("the public list shows submitted proposals newest first, filters them and pages by 20", async () => {
  const listCouncil = await newCouncil(manager, "List council");
  const author = await newMember(manager, listCouncil.id, "Author");
  const ids = [];
  for (let i = 0; i < 21; i += 1) {
    const id = randomUUID();
    await put(`/api/proposals/${id}`, { cookie: author.cookie, body: draft({ title: `Proposal number ${i}`, category: i % 2 ? "roads" : "water" }) });
    await post(`/api/proposals/${id}/submit`, { cookie: author.cookie });
    ids.push(id);
  }
  const hidden = randomUUID();
  await put(`/api/proposals/${hidden}`, { cookie: author.cookie, body: draft({ title: "Still a draft" }) });

  const first = await get(`/api/proposals?council=${listCouncil.id}`);
  assert.equal(first.status, 200);
  assert.equal(first.json.proposals.length, 20);
  assert.equal(first.json.proposals[0].id, ids[20], "newest first");
  assert.ok(first.json.next);
  const second = await get(`/api/proposals?council=${listCouncil.id}&after=${encodeURIComponent(first.json.next)}`);
  assert.deepEqual(second.json.proposals.map((p) => p.id), [ids[0]]);
  assert.equal(second.json.next, null);
  const all = [...first.json.proposals, ...second.json.proposals].map((p) => p.id);
  assert.ok(!all.includes(hidden), "drafts are never listed");

  const roads = await get(`/api/proposals?council=${listCouncil.id}&category=roads`);
  assert.equal(roads.json.proposals.length, 10);
  assert.ok(roads.json.proposals.every((p) => p.category === "roads"));
  const year = new Date().getUTCFullYear();
  assert.equal((await get(`/api/proposals?council=${listCouncil.id}&status=council_vote&year=${year}`)).json.proposals.length, 20);

  for (const [query, field] of [["category=rockets", "category"], ["council=nope", "council"], ["year=soon", "year"], ["after=garbage", "after"]]) {
    const bad = await get(`/api/proposals?${query}`);
    assert.deepEqual([bad.status, bad.json.field], [422, field], query);
  }
});

test("a member sees their council's open votes with their own ballot, and closed ones drop off", async () => {
  const votesCouncil = await newCouncil(manager, "Open votes council");
  const a = await newMember(manager, votesCouncil.id, "Arman");
  const b = await newMember(manager, votesCouncil.id, "Botagoz");
  const id = randomUUID();
  await put(`/api/proposals/${id}`, { cookie: a.cookie, body: draft() });
  await post(`/api/proposals/${id}/submit`, { cookie: a.cookie });
  await put(`/api/proposals/${id}/ballot`, { cookie: a.cookie, body: { choice: "for" } });

  const mine = await get("/api/votes", { cookie: a.cookie });
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.json.votes.map((v) => [v.proposal.id, v.my_choice, v.tally.for]), [[id, "for", 1]]);
  const theirs = await get("/api/votes", { cookie: b.cookie });
  assert.equal(theirs.json.votes[0].my_choice, null);
  assert.deepEqual((await get("/api/votes", { cookie: outsider.cookie })).json.votes.map((v) => v.proposal.id).includes(id), false);

  await put(`/api/proposals/${id}/ballot`, { cookie: b.cookie, body: { choice: "for" } });
  assert.deepEqual((await get("/api/votes", { cookie: a.cookie })).json.votes, [], "closed when both voted");
  assert.equal((await get("/api/votes")).status, 401);
  assert.equal((await get("/api/votes", { cookie: manager })).status, 403);
});

test("a ballot changed while the last one closes the vote is counted in the recorded outcome, or refused", async () => {
  for (let round = 0; round < 6; round += 1) {
    const id = randomUUID();
    await put(`/api/proposals/${id}`, { cookie: members[0].cookie, body: draft({ title: `Closing race ${round} ${id.slice(0, 6)}` }) });
    assert.equal((await post(`/api/proposals/${id}/submit`, { cookie: members[0].cookie })).status, 200);
    for (const m of members.slice(0, 2)) await put(`/api/proposals/${id}/ballot`, { cookie: m.cookie, body: { choice: "for" } });
    // The last member's ballot closes the vote while the first member changes theirs.
    const [last, changed] = await Promise.all([
      put(`/api/proposals/${id}/ballot`, { cookie: members[2].cookie, body: { choice: "against" } }),
      put(`/api/proposals/${id}/ballot`, { cookie: members[0].cookie, body: { choice: "against" } }),
    ]);
    assert.equal(last.status, 200, last.text);
    assert.ok([200, 409].includes(changed.status), changed.text);
    const proposal = (await get(`/api/proposals/${id}`)).json;
    assert.notEqual(proposal.summary.status, "council_vote", `round ${round}: every member voted`);
    const closed = proposal.history.find((h) => h.change === "vote_closed");
    const stored = localSql(`SELECT choice, COUNT(*) AS n FROM ballots WHERE proposal_id = '${id}' GROUP BY choice`);
    const count = (choice) => stored.find((r) => r.choice === choice)?.n ?? 0;
    assert.deepEqual(
      [closed.tally.for, closed.tally.against, closed.tally.abstain],
      [count("for"), count("against"), count("abstain")],
      `round ${round}: the recorded tally is the ballots as stored`,
    );
  }
});

test("a council's members find all its proposals, drafts included, newest change first, with who changed each", async () => {
  const listCouncil = await newCouncil(manager, "List council");
  const a = await newMember(manager, listCouncil.id, "Asel Nurlanovna");
  const b = await newMember(manager, listCouncil.id, "Berik Sultanov");
  const older = randomUUID();
  const newer = randomUUID();
  await put(`/api/proposals/${older}`, { cookie: a.cookie, body: draft({ title: "Older draft by Asel" }) });
  await put(`/api/proposals/${newer}`, { cookie: a.cookie, body: draft({ title: "A draft Berik edits" }) });
  await put(`/api/proposals/${newer}`, { cookie: b.cookie, body: draft({ title: "A draft Berik edited" }) });
  // A vote whose deadline has passed is closed as the list is read.
  const voted = randomUUID();
  await put(`/api/proposals/${voted}`, { cookie: a.cookie, body: draft({ title: "Submitted then expired" }) });
  assert.equal((await post(`/api/proposals/${voted}/submit`, { cookie: a.cookie })).status, 200);
  localSql(`UPDATE votes SET deadline = '2020-01-01T00:00:00Z' WHERE proposal_id = '${voted}'`);

  const list = await get("/api/council/proposals", { cookie: b.cookie });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(
    list.json.proposals.map((p) => [p.proposal.title, p.proposal.status, p.changed_by.name, p.changed_by.role]),
    [
      ["Submitted then expired", "not_forwarded", null, null],
      ["A draft Berik edited", "draft", "Berik Sultanov", "council_member"],
      ["Older draft by Asel", "draft", "Asel Nurlanovna", "council_member"],
    ],
  );
  const times = list.json.proposals.map((p) => p.proposal.updated_at);
  assert.deepEqual([...times].sort().reverse(), times, "the most recent change first");

  // Another council's member sees none of these; the company and the public have no council list.
  const other = (await get("/api/council/proposals", { cookie: outsider.cookie })).json.proposals.map((p) => p.proposal.id);
  assert.ok(![older, newer, voted].some((id) => other.includes(id)));
  assert.equal((await get("/api/council/proposals", { cookie: manager })).status, 403);
  assert.equal((await get("/api/council/proposals")).status, 401);
});
