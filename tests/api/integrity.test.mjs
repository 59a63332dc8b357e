// The record holds against someone with a member account or with the database: no record's
// history can be written into through another kind's id, an edited history is never served as
// if it were the record, and no input brings the worker down.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { get, post, call, signIn, newCouncil, newMember, withDemo, MANAGERS, localSql } from "./client.mjs";

const put = (path, options) => call("PUT", path, options);

let manager;
let council;
let member;
let programme;
let project; // a demo project: public, with a history of several events
before(async () => {
  const programmes = await withDemo();
  programme = programmes.find((p) => p.name.includes("Torangy")) ?? programmes[0];
  manager = await signIn(MANAGERS.kpo);
  council = await newCouncil(manager, "Integrity council");
  member = await newMember(manager, council.id, "Asel");
  const year = programme.years?.[0] ?? 2023;
  const dashboard = (await get(`/api/programmes/${programme.id}/years/${year}/dashboard`)).json;
  project = dashboard.projects[0];
  assert.ok(project, "the demo has a project");
});

function draft(overrides = {}) {
  return {
    title: "Clean water for the school",
    description: "A filter and a storage tank for 300 pupils.",
    category: "water",
    village: "Aksai",
    estimated_cost: "4 500 000",
    beneficiaries: 300,
    location: null,
    ...overrides,
  };
}

test("a draft whose id names a record of any other kind is refused, and that record's history is untouched", async () => {
  const before = (await get(`/api/history/project/${project.id}`)).json;
  const projectPage = (await get(`/api/projects/${project.id}`)).json;
  for (const [kind, id] of [["project", project.id], ["programme", programme.id], ["council", council.id], ["member", member.me.member]]) {
    const taken = await put(`/api/proposals/${id}`, { cookie: member.cookie, body: draft() });
    assert.equal(taken.status, 409, `${kind}: ${taken.text}`);
    assert.deepEqual(taken.json, { error: "conflict", reason: "id_in_use" }, kind);
  }
  assert.deepEqual((await get(`/api/history/project/${project.id}`)).json, before);
  const after = (await get(`/api/projects/${project.id}`)).json;
  assert.deepEqual(after.history, projectPage.history);
  assert.equal(after.history.some((h) => h.change === "proposal_drafted"), false);
  // Nothing of the refused drafts was stored under any kind.
  assert.deepEqual(localSql(`SELECT COUNT(*) AS n FROM proposals WHERE id = '${project.id}'`), [{ n: 0 }]);
  assert.deepEqual(localSql(`SELECT subject_kind FROM events WHERE subject_id = '${project.id}' GROUP BY subject_kind`), [{ subject_kind: "project" }]);
});

test("a chain is kept per kind of record: the same id under two kinds is two histories", async () => {
  // Stored only as the database could hold it: the API itself refuses such a draft.
  const rows = localSql(`SELECT subject_kind, COUNT(*) AS n FROM events WHERE subject_id = '${project.id}' GROUP BY subject_kind`);
  assert.deepEqual(rows.map((r) => r.subject_kind), ["project"]);
  const check = (await get(`/api/history/project/${project.id}`)).json;
  assert.equal(check.length, rows[0].n);
  assert.equal((await get(`/api/history/proposal/${project.id}`)).status, 404, "no proposal has the project's id");
});

test("every record's history states its head hash and that it verifies, for whoever may see the record", async () => {
  const check = await get(`/api/history/project/${project.id}`);
  assert.equal(check.status, 200, check.text);
  assert.equal(check.json.verifies, true);
  assert.equal(check.json.broken_at, null);
  assert.match(check.json.head, /^[0-9a-f]{64}$/);
  const [last] = localSql(`SELECT hash FROM events WHERE subject_kind = 'project' AND subject_id = '${project.id}' ORDER BY seq DESC LIMIT 1`);
  assert.equal(check.json.head, last.hash);
  assert.equal((await get(`/api/history/programme/${programme.id}`)).json.verifies, true);

  const id = randomUUID();
  await put(`/api/proposals/${id}`, { cookie: member.cookie, body: draft() });
  assert.equal((await get(`/api/history/proposal/${id}`)).status, 404, "a draft's history is its council's");
  assert.equal((await get(`/api/history/proposal/${id}`, { cookie: member.cookie })).json.length, 1);
  for (const bad of ["/api/history/council/" + council.id, "/api/history/proposal/not-an-id", "/api/history/project/" + randomUUID()]) {
    assert.equal((await get(bad)).status, 404, bad);
  }
});

test("an event edited in the database is named, and the history is not served as if it held", async () => {
  const id = randomUUID();
  await put(`/api/proposals/${id}`, { cookie: member.cookie, body: draft() });
  await put(`/api/proposals/${id}`, { cookie: member.cookie, body: draft({ title: "Clean water for the school and clinic" }) });
  await put(`/api/proposals/${id}`, { cookie: member.cookie, body: draft({ title: "Clean water for the whole village" }) });
  assert.equal((await get(`/api/proposals/${id}`, { cookie: member.cookie })).json.history.length, 3);

  // One byte of the second event's time, as someone with the database would rewrite it.
  localSql(`UPDATE events SET body = replace(body, '"at":"20', '"at":"19') WHERE subject_kind = 'proposal' AND subject_id = '${id}' AND seq = 1`);
  const page = await get(`/api/proposals/${id}`, { cookie: member.cookie });
  assert.equal(page.status, 500);
  assert.deepEqual(page.json, { error: "broken_history", seq: 1 });
  const check = (await get(`/api/history/proposal/${id}`, { cookie: member.cookie })).json;
  assert.deepEqual([check.verifies, check.broken_at, check.length], [false, 1, 3]);

  // Rewriting the edited event's own hash does not hide it: the next link no longer follows.
  const [edited] = localSql(`SELECT body FROM events WHERE subject_kind = 'proposal' AND subject_id = '${id}' AND seq = 1`);
  assert.ok(edited.body.includes('"at":"19'));
  localSql(`UPDATE events SET hash = '${"0".repeat(64)}' WHERE subject_kind = 'proposal' AND subject_id = '${id}' AND seq = 2`);
  assert.equal((await get(`/api/history/proposal/${id}`, { cookie: member.cookie })).json.broken_at, 1);

  // A deleted first event is named too.
  const other = randomUUID();
  await put(`/api/proposals/${other}`, { cookie: member.cookie, body: draft() });
  await put(`/api/proposals/${other}`, { cookie: member.cookie, body: draft({ title: "Clean water for the clinic" }) });
  localSql(`DELETE FROM events WHERE subject_kind = 'proposal' AND subject_id = '${other}' AND seq = 0`);
  assert.deepEqual((await get(`/api/proposals/${other}`, { cookie: member.cookie })).json, { error: "broken_history", seq: 1 });
});

test("a time cursor with a multi-byte character in its fraction is refused, and the worker stays up", async () => {
  for (const cursor of ["2026-11-25T20:33:00.1€Z", "2026-11-25T20:33:00.€€€Z", "2026-11-25T20:33:00.😀Z"]) {
    const after = `${encodeURIComponent(cursor)}_${randomUUID()}`;
    const refused = await get(`/api/proposals?after=${after}`);
    assert.equal(refused.status, 422, cursor);
    assert.deepEqual([refused.json.field, refused.json.problem.code], ["after", "malformed"]);
  }
  assert.equal((await get("/api/health")).status, 200);
});

test("the year's open data names each project's and proposal's history head, as the record states it", async () => {
  const year = programme.years?.[0] ?? 2023;
  const projects = (await get(`/api/programmes/${programme.id}/years/${year}/data/projects.json`)).json;
  assert.ok(projects.length > 0);
  for (const row of projects) {
    const check = (await get(`/api/history/project/${row.project_id}`)).json;
    assert.equal(row.history_head, check.head, row.project_id);
  }
  const csv = (await get(`/api/programmes/${programme.id}/years/${year}/data/projects.csv`)).text;
  assert.ok(csv.split("\n")[0].trim().endsWith(",history_head"), "a column added at the end");
  const proposals = (await get(`/api/programmes/${programme.id}/years/${year}/data/proposals.json`)).json;
  for (const row of proposals) {
    assert.equal(row.history_head, (await get(`/api/history/proposal/${row.proposal_id}`)).json.head, row.proposal_id);
  }
});

test("the year's report states each project's history head", async () => {
  const year = programme.years?.[0] ?? 2023;
  const dashboard = (await get(`/api/programmes/${programme.id}/years/${year}/dashboard`)).json;
  for (const p of dashboard.projects) {
    assert.equal(p.history_head, (await get(`/api/history/project/${p.id}`)).json.head, p.title);
  }
});
