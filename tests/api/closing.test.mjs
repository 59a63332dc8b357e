// Votes close without anyone clicking: on the first read after the deadline, and by the cron
// trigger. A week passing is simulated by moving the deadline in the local database.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { get, post, call, signIn, newCouncil, newMember, MANAGERS, BASE, localSql } from "./client.mjs";

const put = (path, options) => call("PUT", path, options);

const sql = localSql;

let member;
let colleague;
before(async () => {
  await post("/api/demo");
  const manager = await signIn(MANAGERS.talas);
  const council = await newCouncil(manager, "Deadline council");
  member = await newMember(manager, council.id, "Asan");
  colleague = await newMember(manager, council.id, "Gulnara");
});

async function openVote() {
  const id = randomUUID();
  const body = {
    title: "Repair of the Kara-Oi bridge",
    description: "The footbridge over the river needs new planks.",
    category: "roads",
    village: "Kara-Oi",
    estimated_cost: "2 000 000",
    beneficiaries: 800,
    location: null,
  };
  assert.equal((await put(`/api/proposals/${id}`, { cookie: member.cookie, body })).status, 200);
  assert.equal((await post(`/api/proposals/${id}/submit`, { cookie: member.cookie })).status, 200);
  return id;
}

function pastDeadline(id) {
  assert.match(id, /^[0-9a-f-]{36}$/);
  sql(`UPDATE votes SET deadline = '2000-01-01T00:00:00Z' WHERE proposal_id = '${id}'`);
}

test("a vote past its deadline is closed on the next read, with its outcome", async () => {
  const id = await openVote();
  await put(`/api/proposals/${id}/ballot`, { cookie: member.cookie, body: { choice: "for" } });
  pastDeadline(id);
  const view = await get(`/api/proposals/${id}`);
  assert.equal(view.json.summary.status, "not_forwarded", "one of two members is no quorum");
  assert.equal(view.json.vote.outcome, "no_quorum");
  const late = await put(`/api/proposals/${id}/ballot`, { cookie: colleague.cookie, body: { choice: "for" } });
  assert.deepEqual([late.status, late.json.reason], [409, "vote_closed"]);
});

test("a ballot cast past the deadline is refused, and the vote is closed there and then", async () => {
  const id = await openVote();
  await put(`/api/proposals/${id}/ballot`, { cookie: member.cookie, body: { choice: "for" } });
  pastDeadline(id);
  const late = await put(`/api/proposals/${id}/ballot`, { cookie: colleague.cookie, body: { choice: "against" } });
  assert.deepEqual([late.status, late.json.reason], [409, "vote_closed"]);
  assert.equal(sql(`SELECT status FROM proposals WHERE id = '${id}'`)[0].status, "not_forwarded", "closed without waiting for a read");
  assert.equal(sql(`SELECT COUNT(*) AS n FROM ballots WHERE proposal_id = '${id}'`)[0].n, 1, "the late ballot is not counted");
});

test("the cron trigger closes a vote past its deadline though nobody read it", async () => {
  const id = await openVote();
  await put(`/api/proposals/${id}/ballot`, { cookie: member.cookie, body: { choice: "for" } });
  await put(`/api/proposals/${id}/ballot`, { cookie: colleague.cookie, body: { choice: "abstain" } });
  const second = await openVote();
  pastDeadline(second);
  assert.equal(sql(`SELECT status FROM proposals WHERE id = '${second}'`)[0].status, "council_vote");
  const run = await fetch(`${BASE}/__scheduled?cron=*/15+*+*+*+*`);
  assert.equal(run.status, 200);
  assert.equal(sql(`SELECT status FROM proposals WHERE id = '${second}'`)[0].status, "not_forwarded");
  const events = sql(`SELECT body FROM events WHERE subject_id = '${second}' ORDER BY seq`).map((r) => JSON.parse(r.body).change);
  assert.deepEqual(events, ["proposal_drafted", "proposal_submitted", "vote_closed"]);
  assert.equal((await get(`/api/proposals/${id}`)).json.summary.status, "forwarded", "the other vote closed when both voted");
});

test("a vote lasts as long as the programme year's rules say", async () => {
  const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.includes("Talas"));
  assert.ok(talas, "the demo has the Talas programme");
  const before = await openVote();
  const week = Date.parse((await get(`/api/proposals/${before}`, { cookie: member.cookie })).json.vote.deadline) - Date.now();
  assert.ok(Math.abs(week - 7 * 86_400_000) < 600_000, "without a year set up, the shared default of 7 days");

  const year = new Date().getUTCFullYear();
  assert.match(talas.id, /^[0-9a-f-]{36}$/);
  sql(
    `INSERT INTO programme_years (id, programme_id, year, budget, rubric, assessors_required, vote_rules, grievance_deadlines, closed) ` +
      `SELECT '${randomUUID()}', '${talas.id}', ${year}, budget, rubric, assessors_required, ` +
      `'{"quorum":{"numerator":1,"denominator":2},"duration_days":3}', grievance_deadlines, 0 FROM programme_years LIMIT 1`,
  );
  const after = await openVote();
  const left = Date.parse((await get(`/api/proposals/${after}`, { cookie: member.cookie })).json.vote.deadline) - Date.now();
  assert.ok(Math.abs(left - 3 * 86_400_000) < 600_000, `3 days as the year says, not ${left / 86_400_000}`);
});
