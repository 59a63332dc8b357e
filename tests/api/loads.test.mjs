// Pages whose reads do not grow with their items: the assessment queue, the council's open votes,
// a proposal's roll call and the year's plan each take as many round trips to the database with
// 200 items as with one (D1 limits a request's queries, and each round trip is paid on the clock).
// The test server tells a request's round trips in `kenes-db-round-trips` (ROUND_TRIPS_SHOWN).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { call, get, post, signIn, withDemo, newCouncil, newMember, localSql, MANAGERS } from "./client.mjs";

const MANY = 200;
const YEAR = new Date().getUTCFullYear();
let manager;
let talas;
before(async () => {
  await withDemo();
  manager = await signIn(MANAGERS.talas);
  talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
});

function roundTrips(response) {
  assert.equal(response.status, 200, response.text);
  const trips = Number(response.headers.get("kenes-db-round-trips"));
  assert.ok(trips > 0, "the test server tells the round trips");
  return trips;
}

/// Runs `make` for 0..count, a few at a time.
async function times(count, make) {
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, k) => make(i + k)));
  }
}

async function draftAndSubmit(member, title) {
  const id = randomUUID();
  const body = { title, description: "A proposal among many, for counting what the page reads.", category: "roads", village: "Aral", estimated_cost: "1 000 000", beneficiaries: 100, location: null };
  for (const [method, path, b] of [["PUT", `/api/proposals/${id}`, body], ["POST", `/api/proposals/${id}/submit`]]) {
    const r = await call(method, path, { cookie: member.cookie, body: b });
    assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  }
  return id;
}

test("the assessment queue reads as much with 200 proposals as with one", async () => {
  const council = await newCouncil(manager, "Queue");
  const member = await newMember(manager, council.id);
  const forward = async (i) => {
    const id = await draftAndSubmit(member, `Forwarded road ${i}`);
    const r = await call("PUT", `/api/proposals/${id}/ballot`, { cookie: member.cookie, body: { choice: "for" } });
    assert.equal(r.status, 200, r.text);
  };
  await forward(0);
  const one = await get("/api/assessment", { cookie: manager });
  assert.equal(one.json.items.length, 1);
  await times(MANY - 1, (i) => forward(i + 1));
  const many = await get("/api/assessment", { cookie: manager });
  assert.equal(many.json.items.length, MANY);
  assert.equal(roundTrips(many), roundTrips(one));
});

test("the council's open votes read as much with 200 votes as with one", async () => {
  const council = await newCouncil(manager, "Votes");
  const member = await newMember(manager, council.id);
  await newMember(manager, council.id, "Second member, so one ballot does not close a vote");
  await draftAndSubmit(member, "Open vote 0");
  const one = await get("/api/votes", { cookie: member.cookie });
  assert.equal(one.json.votes.length, 1);
  await times(MANY - 1, (i) => draftAndSubmit(member, `Open vote ${i + 1}`));
  const many = await get("/api/votes", { cookie: member.cookie });
  assert.equal(many.json.votes.length, MANY);
  assert.equal(roundTrips(many), roundTrips(one));
});

test("a proposal's roll call reads as much for a council of 201 as for a council of one", async () => {
  const small = await newCouncil(manager, "Small");
  const alone = await newMember(manager, small.id);
  const lone = await draftAndSubmit(alone, "Voted by one");
  const one = await get(`/api/proposals/${lone}`, { cookie: alone.cookie });
  assert.equal(one.json.vote.roll_call.length, 1);

  const large = await newCouncil(manager, "Large");
  const member = await newMember(manager, large.id);
  // Two hundred more members of the council, stored as the accounts code stores them.
  const rows = Array.from({ length: MANY }, (_, i) => {
    const id = randomUUID();
    return `('${id}', '${talas.id}', '${large.id}', 'council_member', 'Member ${i}', '+7709${String(i).padStart(7, "0")}', 'x', 'x', 1, '2026-01-01T00:00:00Z')`;
  });
  localSql(`INSERT INTO members (id, programme_id, council_id, role, display_name, phone, password_hash, password_salt, password_iterations, created_at) VALUES ${rows.join(", ")}`);
  const crowded = await draftAndSubmit(member, "Voted by many");
  const many = await get(`/api/proposals/${crowded}`, { cookie: member.cookie });
  assert.equal(many.json.vote.roll_call.length, MANY + 1);
  assert.equal(roundTrips(many), roundTrips(one));
});

test("the year's plan is checked with as many reads for 200 councils as for one", async () => {
  // One after another: each council is a line of the programme's one history.
  const councils = [];
  for (let i = 0; i < MANY; i += 1) councils.push(await newCouncil(manager, `Plan ${i}`));
  const plan = (list) => ({ budget: "900 000 000", assessors_required: 2, allocations: list.map((c) => ({ council: c.id, amount: "1 000 000" })) });
  // Another year than the other tests', so that no approval holds its allocations.
  const year = YEAR + 1;
  // Set up first, so that both requests measured change a plan that exists.
  assert.equal((await call("PUT", `/api/years/${year}`, { cookie: manager, body: plan(councils.slice(0, 1)) })).status, 200);
  const one = await call("PUT", `/api/years/${year}`, { cookie: manager, body: plan(councils.slice(0, 1)) });
  const many = await call("PUT", `/api/years/${year}`, { cookie: manager, body: plan(councils) });
  assert.equal(many.json.plan.allocations.length, MANY);
  assert.equal(roundTrips(many), roundTrips(one));
});
