// Projects in the open: the manager's records with everything derived by the shared crate,
// council members' monitoring reports answered in public, photos that become public only with
// the entry that carries them, the year's dashboard and its open data.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { get, post, call, del, signIn, newCouncil, newMember, newAssessor, allocate, approvedProject as approvedProjectVia, MANAGERS, localSql, jpeg, withoutExif } from "./client.mjs";

const put = (path, options) => call("PUT", path, options);
const YEAR = new Date().getUTCFullYear();
const JPEG = jpeg(1024);

/// A date `days` from today (UTC), as a date input writes it.
const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let manager; // Talas
let talas;
let council; // { id, member, neighbour (member of another council) }
let assessors;
let kpoManager;

before(async () => {
  await post("/api/demo");
  manager = await signIn(MANAGERS.talas);
  kpoManager = await signIn(MANAGERS.kpo);
  talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const own = await newCouncil(manager, "Projects");
  const other = await newCouncil(manager, "Neighbours");
  council = {
    id: own.id,
    member: await newMember(manager, own.id, "Monitor"),
    neighbour: await newMember(manager, other.id, "Neighbour"),
  };
  assessors = [await newAssessor(manager, "Project assessor A"), await newAssessor(manager, "Project assessor B")];
  await allocate(manager, talas.id, YEAR, own.id, "40 000 000");
});

const approvedProject = (title, amount) =>
  approvedProjectVia({ manager, member: council.member, assessors, programme: talas.id, year: YEAR, title, amount });

const uniqueTitle = (what) => `${what} ${Math.random().toString(36).slice(2, 8)}`;

test("a manager runs a project: milestones, spending past the budget, results; the page derives the rest", async () => {
  const id = await approvedProject(uniqueTitle("Poplars for the river bank"));
  const fresh = (await get(`/api/projects/${id}`)).json;
  assert.deepEqual([fresh.status, fresh.progress.total, fresh.budget.approved, fresh.may_manage], ["not_started", 0, 1000000, false], "a visitor manages nothing");
  assert.equal((await get(`/api/proposals/${fresh.project.proposal}`)).json.project, id, "the approved proposal leads to its project");

  const late = await post(`/api/projects/${id}/milestones`, { cookie: manager, body: { title: "Saplings bought", due: day(-10) } });
  assert.equal(late.status, 201, late.text);
  assert.equal(late.json.may_manage, true);
  const ahead = await post(`/api/projects/${id}/milestones`, { cookie: manager, body: { title: "Saplings planted", due: day(30) } });
  assert.deepEqual([ahead.json.overdue, ahead.json.milestones.length], [1, 2], "a milestone past its date and not done is overdue");
  const noDate = await post(`/api/projects/${id}/milestones`, { cookie: manager, body: { title: "Watering", due: "" } });
  assert.deepEqual([noDate.status, noDate.json.field, noDate.json.problem.code], [422, "due", "required"]);

  const bought = late.json.milestones.find((m) => m.title === "Saplings bought");
  const tomorrow = await post(`/api/projects/${id}/milestones/${bought.id}/done`, { cookie: manager, body: { done: day(2) } });
  assert.deepEqual([tomorrow.status, tomorrow.json.field, tomorrow.json.problem.code], [422, "done", "in_the_future"]);
  const done = await post(`/api/projects/${id}/milestones/${bought.id}/done`, { cookie: manager, body: { done: day(-1) } });
  assert.equal(done.status, 200, done.text);
  assert.deepEqual([done.json.progress.done, done.json.progress.total, done.json.progress.percent, done.json.overdue, done.json.status], [1, 2, 50, 0, "underway"]);
  const twice = await post(`/api/projects/${id}/milestones/${bought.id}/done`, { cookie: manager, body: { done: day(0) } });
  assert.deepEqual([twice.status, twice.json.reason], [409, "already_done"]);
  assert.equal((await post(`/api/projects/${id}/milestones/999999/done`, { cookie: manager, body: { done: day(0) } })).status, 404);

  for (const [amount, code] of [["0", "zero"], ["-5 000", "negative"], ["a lot", "not_a_number"]]) {
    const refused = await post(`/api/projects/${id}/spending`, { cookie: manager, body: { date: day(0), amount, purpose: "Saplings" } });
    assert.deepEqual([refused.status, refused.json.field, refused.json.problem.code], [422, "amount", code], amount);
  }
  const future = await post(`/api/projects/${id}/spending`, { cookie: manager, body: { date: day(3), amount: "100", purpose: "Saplings" } });
  assert.deepEqual([future.status, future.json.field, future.json.problem.code], [422, "date", "in_the_future"]);
  const first = await post(`/api/projects/${id}/spending`, { cookie: manager, body: { date: day(-2), amount: "700 000", purpose: "2,000 poplar saplings" } });
  assert.deepEqual([first.status, first.json.budget.spent, first.json.budget.overspent], [201, 700000, false]);
  const over = await post(`/api/projects/${id}/spending`, { cookie: manager, body: { date: day(0), amount: "450 000", purpose: "Watering truck hire" } });
  assert.equal(over.status, 201, "an overspend happened: it is recorded, not refused");
  assert.deepEqual(over.json.budget, { approved: 1000000, spent: 1150000, remaining: -150000, overspent: true });

  const noUnit = await post(`/api/projects/${id}/outputs`, { cookie: manager, body: { quantity: "2 000", unit: "", what: "Poplars planted" } });
  assert.deepEqual([noUnit.status, noUnit.json.field, noUnit.json.problem.code], [422, "unit", "required"]);
  const oddUnit = await post(`/api/projects/${id}/outputs`, { cookie: manager, body: { quantity: "2 000", unit: "barrels", what: "Poplars planted" } });
  assert.deepEqual([oddUnit.status, oddUnit.json.field, oddUnit.json.problem.code], [422, "unit", "unknown_value"]);
  const none = await post(`/api/projects/${id}/outputs`, { cookie: manager, body: { quantity: "0", unit: "trees", what: "Poplars planted" } });
  assert.deepEqual([none.status, none.json.field], [422, "quantity"]);
  const output = await post(`/api/projects/${id}/outputs`, { cookie: manager, body: { quantity: "2 000", unit: "trees", what: "Poplars planted" } });
  assert.deepEqual(output.json.outputs.map((o) => [o.quantity, o.unit, o.what]), [[2000, "trees", "Poplars planted"]]);
  const reached = await put(`/api/projects/${id}/beneficiaries`, { cookie: manager, body: { count: "1 200" } });
  assert.equal(reached.json.project.beneficiaries, 1200);

  const view = (await get(`/api/projects/${id}`)).json;
  assert.deepEqual([view.spending.length, view.milestones.length, view.outputs.length], [2, 2, 1], "nothing refused was stored");
  const changes = view.history.map((h) => h.change);
  for (const change of ["project_started", "milestone_added", "milestone_done", "spending_recorded", "output_recorded", "beneficiaries_set"]) {
    assert.ok(changes.includes(change), `${change} is in the history`);
  }
  assert.equal(changes.filter((c) => c === "spending_recorded").length, 2);
  const listed = (await get(`/api/programmes/${talas.id}/years/${YEAR}/dashboard`)).json.projects.find((p) => p.id === id);
  assert.deepEqual([listed.budget.overspent, listed.progress.done, listed.overdue], [true, 1, 0], "the dashboard shows the same standing");
});

test("only managers of the project's programme record anything on it", async () => {
  const id = await approvedProject(uniqueTitle("Bridge railings"));
  const writes = [
    ["POST", `/api/projects/${id}/milestones`, { title: "Railings fitted", due: day(5) }],
    ["POST", `/api/projects/${id}/spending`, { date: day(0), amount: "1000", purpose: "Steel" }],
    ["POST", `/api/projects/${id}/outputs`, { quantity: "40", unit: "pieces", what: "Railings" }],
    ["PUT", `/api/projects/${id}/beneficiaries`, { count: "50" }],
    ["POST", `/api/projects/${id}/updates`, { text: "Work starts Monday", photos: [] }],
  ];
  for (const [method, path, body] of writes) {
    for (const [who, cookie, status] of [
      ["nobody", undefined, 401],
      ["a member of the council", council.member.cookie, 403],
      ["an assessor", assessors[0].cookie, 403],
      ["another programme's manager", kpoManager, 403],
    ]) {
      const response = await call(method, path, { cookie, body });
      assert.equal(response.status, status, `${who}: ${method} ${path}`);
    }
    assert.equal((await call(method, path.replace(id, randomUUID()), { cookie: manager, body })).status, 404, "no such project");
    assert.equal((await call(method, path.replace(id, "not-an-id"), { cookie: manager, body })).status, 404);
  }
  const view = (await get(`/api/projects/${id}`)).json;
  assert.deepEqual([view.milestones.length, view.spending.length, view.outputs.length, view.updates.length, view.project.beneficiaries], [0, 0, 0, 0, 300], "nothing was changed: the people reached are still the proposal's estimate");
  assert.equal((await post(`/api/projects/${id}/spending`, { cookie: manager, body: "{not json" })).status, 400);
});

test("council members report on their project with photos; a problem waits for the manager's public answer", async () => {
  const id = await approvedProject(uniqueTitle("Clean water for the clinic"));
  const member = council.member.cookie;
  const report = { rating: "problem", comment: "The new pump leaks at the joint; water stands by the clinic door.", photos: [] };
  for (const [who, cookie, status] of [
    ["nobody", undefined, 401],
    ["a member of another council", council.neighbour.cookie, 403],
    ["the manager", manager, 403],
    ["an assessor", assessors[0].cookie, 403],
  ]) {
    assert.equal((await post(`/api/projects/${id}/reports`, { cookie, body: report })).status, status, who);
  }

  const photo = randomUUID();
  const image = { "content-type": "image/jpeg" };
  assert.equal((await put(`/api/projects/${id}/photos/${randomUUID()}`, { cookie: member, body: new TextEncoder().encode("not an image"), headers: image })).status, 415);
  assert.equal((await put(`/api/projects/${id}/photos/${photo}`, { cookie: council.neighbour.cookie, body: JPEG, headers: image })).status, 403);
  assert.equal((await put(`/api/projects/${id}/photos/${photo}`, { cookie: member, body: JPEG, headers: image })).status, 204);
  assert.equal((await put(`/api/projects/${id}/photos/${photo}`, { cookie: member, body: JPEG, headers: image })).status, 204, "a repeated upload stores nothing twice");
  assert.equal((await get(`/api/photos/${photo}`)).status, 404, "not public before it is posted");
  assert.equal((await get(`/api/photos/${photo}`, { cookie: manager })).status, 404, "nor seen by anyone but its uploader");
  const own = await get(`/api/photos/${photo}`, { cookie: member });
  assert.deepEqual([own.status, own.headers.get("cache-control")], [200, "private, no-store"]);

  // Where the member stood and with which phone is not published with their photo.
  const located = randomUUID();
  const withGps = jpeg(2048, { exif: "GPS 51.1722N 53.0031E SM-A125F serial R58N90" });
  assert.equal((await put(`/api/projects/${id}/photos/${located}`, { cookie: member, body: withGps, headers: image })).status, 204);
  const kept = await get(`/api/photos/${located}`, { cookie: member });
  assert.ok(!kept.bytes.includes(Buffer.from("GPS 51.1722N")), "the EXIF is gone");
  assert.ok(kept.bytes.equals(withoutExif(withGps)), "the picture itself is untouched");

  const managersPhoto = randomUUID();
  assert.equal((await put(`/api/projects/${id}/photos/${managersPhoto}`, { cookie: manager, body: JPEG, headers: image })).status, 204);
  const borrowed = await post(`/api/projects/${id}/reports`, { cookie: member, body: { ...report, photos: [managersPhoto] } });
  assert.deepEqual([borrowed.status, borrowed.json.field], [422, "photos"], "only the reporter's own uploads");
  const noRating = await post(`/api/projects/${id}/reports`, { cookie: member, body: { ...report, rating: "" } });
  assert.deepEqual([noRating.status, noRating.json.field], [422, "rating"]);
  const empty = await post(`/api/projects/${id}/reports`, { cookie: member, body: { ...report, comment: "  " } });
  assert.deepEqual([empty.status, empty.json.field, empty.json.problem.code], [422, "comment", "empty"]);

  const posted = await post(`/api/projects/${id}/reports`, { cookie: member, body: { ...report, photos: [photo] } });
  assert.equal(posted.status, 201, posted.text);
  assert.equal(posted.json.may_monitor, true);
  const [sent] = posted.json.reports;
  assert.deepEqual([sent.rating, sent.needs_answer, sent.photos], ["problem", true, [photo]]);
  const published = await get(`/api/photos/${photo}`);
  assert.deepEqual([published.status, published.headers.get("cache-control")], [200, "public, max-age=31536000, immutable"]);
  assert.equal((await del(`/api/projects/${id}/photos/${photo}`, { cookie: member })).status, 409, "a published photo stays");
  const awaiting = (await get("/api/reports/unanswered", { cookie: manager })).json;
  assert.ok(awaiting.some((r) => r.report.id === sent.id), "listed for the programme's manager");
  assert.ok(!(await get("/api/reports/unanswered", { cookie: kpoManager })).json.some((r) => r.report.id === sent.id), "not for another programme's");
  assert.equal((await get("/api/reports/unanswered", { cookie: member })).status, 403);

  const answerPath = `/api/projects/${id}/reports/${sent.id}/answer`;
  const answer = { answer: "The contractor replaces the joint on Friday at no cost to the project." };
  for (const [cookie, status] of [[undefined, 401], [member, 403], [kpoManager, 403]]) {
    assert.equal((await post(answerPath, { cookie, body: answer })).status, status);
  }
  const short = await post(answerPath, { cookie: manager, body: { answer: "Soon" } });
  assert.deepEqual([short.status, short.json.field, short.json.problem.code], [422, "answer", "too_short"]);
  assert.equal((await post(`/api/projects/${id}/reports/${randomUUID()}/answer`, { cookie: manager, body: answer })).status, 404);
  const answered = await post(answerPath, { cookie: manager, body: answer });
  assert.equal(answered.status, 200, answered.text);
  assert.deepEqual([answered.json.reports[0].answer, answered.json.reports[0].needs_answer], [answer.answer, false]);
  assert.deepEqual([(await post(answerPath, { cookie: manager, body: answer })).status], [409]);
  assert.ok(!(await get("/api/reports/unanswered", { cookie: manager })).json.some((r) => r.report.id === sent.id), "answered, off the list");

  const seen = await get(`/api/projects/${id}`);
  assert.equal(seen.json.reports[0].answer, answer.answer, "the answer is public");
  assert.ok(!seen.text.includes("Monitor"), "the reporter's name is not published");
  assert.ok(seen.json.history.some((h) => h.change === "monitoring_reported" && h.rating === "problem" && h.role === "council_member"));
  assert.ok(seen.json.history.some((h) => h.change === "monitoring_answered" && h.role === "manager"));
});

test("a manager's update publishes its photos with it; a receipt goes with its spending entry", async () => {
  const id = await approvedProject(uniqueTitle("Playground fence"));
  const image = { "content-type": "image/jpeg" };
  const [updatePhoto, receipt] = [randomUUID(), randomUUID()];
  for (const photo of [updatePhoto, receipt]) {
    assert.equal((await put(`/api/projects/${id}/photos/${photo}`, { cookie: manager, body: JPEG, headers: image })).status, 204);
  }
  const updated = await post(`/api/projects/${id}/updates`, { cookie: manager, body: { text: "Posts are in; the mesh arrives next week.", photos: [updatePhoto] } });
  assert.equal(updated.status, 201, updated.text);
  assert.deepEqual(updated.json.updates[0].photos, [updatePhoto]);
  const spent = await post(`/api/projects/${id}/spending`, { cookie: manager, body: { date: day(0), amount: "120 000", purpose: "Fence posts", receipt } });
  assert.equal(spent.json.spending[0].receipt, receipt);
  assert.equal((await get(`/api/photos/${receipt}`)).status, 200, "the receipt is public with its entry");
  const reused = await post(`/api/projects/${id}/updates`, { cookie: manager, body: { text: "Again", photos: [updatePhoto] } });
  assert.deepEqual([reused.status, reused.json.field], [422, "photos"], "a posted photo is not posted twice");
  const removable = randomUUID();
  await put(`/api/projects/${id}/photos/${removable}`, { cookie: manager, body: JPEG, headers: image });
  assert.equal((await del(`/api/projects/${id}/photos/${removable}`, { cookie: manager })).status, 204, "an unposted photo can be removed");
  assert.equal((await get(`/api/photos/${removable}`, { cookie: manager })).status, 404);
});

/// A minimal RFC 4180 reader: rows of cells.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (c !== "\r") cell += c;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

test("the demo year's open data: CSV, JSON and the dashboard give the same figures", async () => {
  const torangy = (await get("/api/programmes")).json.programmes.find((p) => p.name === "Torangy-2023");
  const base = `/api/programmes/${torangy.id}/years/2023`;
  const dashboard = (await get(`${base}/dashboard`)).json;
  const data = {};
  for (const dataset of ["proposals", "decisions", "projects", "spending", "outputs"]) {
    const csv = await get(`${base}/data/${dataset}.csv`);
    const json = await get(`${base}/data/${dataset}.json`);
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(csv.headers.get("content-disposition"), new RegExp(`kenes-2023-${dataset}\\.csv`));
    const rows = parseCsv(csv.text);
    assert.equal(rows.length, json.json.length, `${dataset}: as many rows in CSV as in JSON`);
    rows.forEach((row, i) => {
      for (const [column, value] of Object.entries(json.json[i])) {
        assert.equal(row[column], value === null ? "" : String(value), `${dataset} row ${i} ${column}`);
      }
    });
    data[dataset] = json.json;
  }
  const sum = (list, column) => list.reduce((total, row) => total + row[column], 0);
  assert.equal(sum(data.spending, "amount_tenge"), dashboard.year.spent);
  assert.equal(sum(data.projects, "spent_tenge"), dashboard.year.spent);
  assert.equal(sum(data.projects, "budget_tenge"), dashboard.year.approved);
  assert.equal(sum(data.decisions.filter((d) => d.decision === "approve"), "amount_tenge"), dashboard.year.approved);
  assert.equal(dashboard.categories.reduce((t, c) => t + c.spent, 0), dashboard.year.spent);
  assert.equal(dashboard.year.councils.reduce((t, c) => t + c.spent, 0), dashboard.year.spent);
  // The figures of the Torangy-2023 report.
  const costs = data.projects.map((p) => p.budget_tenge).sort((a, b) => a - b);
  assert.deepEqual(costs, [2826000, 24370628, 37300000, 73916000]);
  const output = (quantity, unit) => data.outputs.some((o) => o.quantity === quantity && o.unit === unit);
  for (const [quantity, unit] of [[448463, "fish"], [7100, "trees"], [5750, "trees"], [400, "people"], [300, "people"], [43, "tons"], [37, "tons"]]) {
    assert.ok(output(quantity, unit), `${quantity} ${unit}`);
  }
  assert.deepEqual(dashboard.plan.map((p) => p.expected_cost).sort(), [400000, 433000]);
  assert.ok(data.proposals.every((p) => p.status === "approved"), "only public proposals are published");

  assert.equal((await get(`${base}/data/members.csv`)).status, 404);
  assert.equal((await get(`${base}/data/spending.xlsx`)).status, 404);
  assert.equal((await get(`/api/programmes/${torangy.id}/years/1999/data/spending.csv`)).status, 404);
  assert.equal((await get(`/api/programmes/not-an-id/years/2023/dashboard`)).status, 404);
});

test("the half-year plan is set by the programme's manager and marked carried out or not", async () => {
  const title = uniqueTitle("Children's excursion to the mine's museum");
  const planned = await post(`/api/years/${YEAR}/plan`, { cookie: manager, body: { title, half: 2, expected_cost: "400 000" } });
  assert.equal(planned.status, 201, planned.text);
  const activity = planned.json.find((a) => a.title === title);
  assert.deepEqual([activity.half, activity.expected_cost, activity.done], [2, 400000, null]);
  const badHalf = await post(`/api/years/${YEAR}/plan`, { cookie: manager, body: { title: "Excursion", half: 3, expected_cost: "1" } });
  assert.deepEqual([badHalf.status, badHalf.json.field], [422, "half"]);
  const free = await post(`/api/years/${YEAR}/plan`, { cookie: manager, body: { title: "Excursion", half: 1, expected_cost: "0" } });
  assert.deepEqual([free.status, free.json.field], [422, "expected_cost"]);
  for (const [cookie, status] of [[undefined, 401], [council.member.cookie, 403], [assessors[0].cookie, 403]]) {
    assert.equal((await post(`/api/years/${YEAR}/plan`, { cookie, body: { title: "Excursion", half: 1, expected_cost: "1" } })).status, status);
  }
  const marked = await put(`/api/years/${YEAR}/plan/${activity.id}`, { cookie: manager, body: { done: true } });
  assert.equal(marked.json.find((a) => a.id === activity.id).done, true);
  assert.equal((await put(`/api/years/${YEAR}/plan/${activity.id}`, { cookie: kpoManager, body: { done: false } })).status, 404, "not in the other manager's year");
  const dashboard = (await get(`/api/programmes/${talas.id}/years/${YEAR}/dashboard`)).json;
  assert.equal(dashboard.plan.find((a) => a.id === activity.id).done, true);
  assert.ok(localSql(`SELECT body FROM events WHERE subject_id = '${talas.id}'`).some((e) => JSON.parse(e.body).change === "activity_marked"));
});
