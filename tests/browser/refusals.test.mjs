// Refusals told in the reader's language, in Kazakh on a phone: a manager who assigns fewer
// assessors than the year requires, marks done a milestone that someone marked done a moment
// before, and answers a report that was answered a moment before, reads each time what happened
// and what to do, never the generic "this changed" text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { launch, phonePage, shot, BASE } from "./browser.mjs";
import { call, post, get, signIn, newCouncil, newMember, newAssessor, allocate, approvedProject, freshPhone, freshAddress, localSql, MANAGERS, DEMO_PASSWORD } from "../api/client.mjs";

const YEAR = new Date().getUTCFullYear();
const today = new Date().toISOString().slice(0, 10);

// The Kazakh texts, read from the locale file the app is built from.
const KK = Object.fromEntries(
  readFileSync(join(import.meta.dirname, "..", "..", "app", "locales", "kk.toml"), "utf8")
    .split("\n")
    .map((line) => line.match(/^(\w+) = "(.*)"$/))
    .filter(Boolean)
    .map(([, key, text]) => [key, text.replace(/\\"/g, '"')]),
);

let browser;
before(async () => {
  await post("/api/demo");
  browser = await launch();
});
after(() => browser?.close());

async function signInKk(page, phone, password) {
  await page.goto(BASE + "/sign-in");
  await page.getByLabel(KK.phone_label).fill(phone);
  await page.getByLabel(KK.password_label).fill(password);
  await page.getByRole("button", { name: KK.sign_in_button, exact: true }).click();
  await page.getByRole("button", { name: KK.nav_sign_out }).waitFor();
}

test("a manager reads in Kazakh why each refused step was refused, and what to do", async () => {
  const manager = await signIn(MANAGERS.talas);
  const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const council = await newCouncil(manager, "Арал");
  const member = await newMember(manager, council.id, "Нургуль Мониторинг");
  const assessors = [await newAssessor(manager, "Бағалаушы А"), await newAssessor(manager, "Бағалаушы Б")];
  await allocate(manager, talas.id, YEAR, council.id, "10 000 000");

  // A proposal forwarded by its council, waiting for two assessors.
  const proposal = crypto.randomUUID();
  const title = `Мектеп шатыры ${Math.random().toString(36).slice(2, 7)}`;
  const draft = { title, description: "The school roof leaks over two classrooms every spring.", category: "education", village: "Aral", estimated_cost: "3 000 000", beneficiaries: 240, location: null };
  for (const [method, path, body] of [
    ["PUT", `/api/proposals/${proposal}`, draft],
    ["POST", `/api/proposals/${proposal}/submit`, undefined],
    ["PUT", `/api/proposals/${proposal}/ballot`, { choice: "for" }],
  ]) {
    const response = await call(method, path, { cookie: member.cookie, body });
    assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${response.text}`);
  }

  // A project with a milestone and a problem report.
  const project = await approvedProject({ manager, member, assessors, programme: talas.id, year: YEAR, title: `Су құбыры ${Math.random().toString(36).slice(2, 7)}`, amount: "2 000 000" });
  assert.equal((await post(`/api/projects/${project}/milestones`, { cookie: manager, body: { title: "Құбыр төселді", due: today } })).status, 201);
  const report = await post(`/api/projects/${project}/reports`, { cookie: member.cookie, body: { rating: "problem", comment: "Сорғы ағып тұр, есіктің алдында су жиналады." } });
  assert.equal(report.status, 201, report.text);

  const page = await phonePage(browser, "kk-KZ");
  await signInKk(page, MANAGERS.talas, DEMO_PASSWORD);

  // One assessor where the year requires two.
  await page.goto(`${BASE}/assessment`);
  const card = page.locator(".card", { hasText: title });
  await card.locator("label.check").first().click();
  await card.getByRole("button", { name: KK.assign_button }).click();
  await card.getByText(KK.conflict_not_enough_assessors).waitFor();
  await shot(page, "refusal-not-enough-assessors-kk");

  // The milestone and the report, done from another phone while this page was open.
  await page.goto(`${BASE}/projects/${project}`);
  await page.getByLabel(KK.milestone_done_date).fill(today);
  await page.getByLabel(KK.answer_label).fill("Мердігер жұма күні қосылысты өз есебінен ауыстырады.");
  const view = (await get(`/api/projects/${project}`, { cookie: manager })).json;
  const milestone = view.milestones[0].id;
  const reportId = view.reports[0].id;
  assert.equal((await post(`/api/projects/${project}/milestones/${milestone}/done`, { cookie: manager, body: { done: today } })).status, 200);
  assert.equal((await post(`/api/projects/${project}/reports/${reportId}/answer`, { cookie: manager, body: { answer: "Қарап жатырмыз, жұмада жөндейміз." } })).status, 200);

  await page.getByRole("button", { name: KK.milestone_mark_done }).click();
  await page.getByText(KK.conflict_already_done).waitFor();
  await page.getByRole("button", { name: KK.answer_send }).click();
  await page.getByText(KK.conflict_already_answered).waitFor();
  await shot(page, "refusal-already-done-and-answered-kk");
  await page.setViewportSize({ width: 320, height: 700 });
  await shot(page, "refusal-already-done-and-answered-kk-320");

  assert.equal(await page.getByText(KK.conflict_constraint).count(), 0, "no generic text");
  assert.deepEqual(page.problems, []);
});

// The refusals of writes that met another one: the record is put here in the state the other
// write left (a vote reopened, scorecards still out, a write still being done, a collision in
// the database), since no page offers these steps at such a moment and the races behind them
// cannot be timed from a test.
test("a manager reads in Kazakh what each collision with another write means", async () => {
  const manager = await signIn(MANAGERS.talas);
  const managerId = (await get("/api/session", { cookie: manager })).json.member;
  const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const council = await newCouncil(manager, "Кара-Ой");
  const member = await newMember(manager, council.id, "Айгүл Кеңес");
  const assessors = [await newAssessor(manager, "Бағалаушы В"), await newAssessor(manager, "Бағалаушы Г")];
  await allocate(manager, talas.id, YEAR, council.id, "10 000 000");
  const tag = Math.random().toString(36).slice(2, 7);
  const propose = async (title, { assess }) => {
    const id = crypto.randomUUID();
    const body = { title, description: "Two classrooms need new windows before the winter comes.", category: "education", village: "Kara-Oi", estimated_cost: "1 500 000", beneficiaries: 120, location: null };
    const steps = [
      ["PUT", `/api/proposals/${id}`, member.cookie, body],
      ["POST", `/api/proposals/${id}/submit`, member.cookie],
      ["PUT", `/api/proposals/${id}/ballot`, member.cookie, { choice: "for" }],
    ];
    if (assess) {
      steps.push(["POST", `/api/proposals/${id}/assessors`, manager, { assessors: assessors.map((a) => a.id) }]);
      const scores = { kind: "scored", community_need: { score: 5 }, technical_feasibility: { score: 4 }, budget_fit: { score: 4 }, sustainability: { score: 4 } };
      for (const a of assessors) steps.push(["POST", `/api/proposals/${id}/assessment`, a.cookie, scores]);
    }
    for (const [method, path, cookie, request] of steps) {
      const response = await call(method, path, { cookie, body: request });
      assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${response.text}`);
    }
    return id;
  };
  const inVote = await propose(`Терезелер ${tag}`, { assess: false });
  const assessed = await propose(`Мектеп терезелері ${tag}`, { assess: true });
  const project = await approvedProject({ manager, member, assessors, programme: talas.id, year: YEAR, title: `Көпір ${tag}`, amount: "1 000 000" });
  const invitation = (await post("/api/invitations", { cookie: manager, body: { role: "council_member", council: council.id } })).json;

  // Outside the service worker, so that the page's requests can be watched.
  const page = await phonePage(browser, "kk-KZ", { serviceWorkers: "block" });
  page.on("dialog", (dialog) => dialog.accept());
  await signInKk(page, MANAGERS.talas, DEMO_PASSWORD);

  // Assessors assigned to a proposal whose vote was reopened with no ballot in it.
  await page.goto(`${BASE}/assessment`);
  const card = page.locator(".card", { hasText: `Терезелер ${tag}` });
  await card.getByRole("button", { name: KK.assign_button }).waitFor();
  localSql(`UPDATE proposals SET status = 'council_vote' WHERE id = '${inVote}'; DELETE FROM ballots WHERE proposal_id = '${inVote}'`);
  for (const check of await card.locator("label.check").all()) await check.click();
  await card.getByRole("button", { name: KK.assign_button }).click();
  await card.getByText(KK.conflict_vote_open).waitFor();

  // A decision on a proposal whose scorecards are not all in.
  await page.goto(`${BASE}/proposals/${assessed}`);
  const decide = async () => {
    await page.getByLabel(KK.decision_decline).check();
    await page.getByLabel(KK.decision_reason).fill("Басқа кеңестің қажеттілігі бірінші тұр.");
    await page.getByRole("button", { name: KK.decision_button }).click();
  };
  localSql(`UPDATE proposals SET status = 'under_assessment' WHERE id = '${assessed}'`);
  await decide();
  await page.getByText(KK.conflict_not_assessed).waitFor();
  localSql(`UPDATE proposals SET status = 'assessed' WHERE id = '${assessed}'`);

  // The year's money taken and given back between the check and the write.
  localSql(`CREATE TRIGGER money_moved BEFORE INSERT ON decisions WHEN NEW.proposal_id = '${assessed}' BEGIN SELECT RAISE(IGNORE); END`);
  try {
    await decide();
    await page.getByText(KK.conflict_funding).waitFor();
  } finally {
    localSql("DROP TRIGGER money_moved");
  }

  // The same decision, sent again while its first sending is still being done.
  await page.route(`**/api/proposals/${assessed}/decision`, async (route) => {
    const request = route.request();
    const key = request.headers()["idempotency-key"];
    const sha = (text) => createHash("sha256").update(text).digest("hex");
    const digest = sha(["kenes idempotency request", key, `member ${managerId}`, "POST", new URL(request.url()).pathname, request.postData()].join("\n"));
    localSql(`INSERT INTO idempotent_writes (id, request, started_at) VALUES ('${sha(`kenes idempotency id\n${key}`)}', '${digest}', '${new Date().toISOString()}')`);
    await route.continue();
  });
  await decide();
  await page.getByText(KK.conflict_in_progress).waitFor();
  await page.unroute(`**/api/proposals/${assessed}/decision`);
  await shot(page, "refusal-in-progress-kk");

  // A milestone colliding with another write in the database.
  localSql(`CREATE TRIGGER milestone_collides BEFORE INSERT ON milestones WHEN NEW.project_id = '${project}' BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: milestones.id'); END`);
  try {
    await page.goto(`${BASE}/projects/${project}`);
    await page.locator("summary", { hasText: KK.milestone_add }).click();
    await page.getByLabel(KK.milestone_title).fill("Тіректер құйылды");
    await page.getByLabel(KK.milestone_due).fill(today);
    await page.getByRole("button", { name: KK.milestone_add }).click();
    await page.getByText(KK.conflict_constraint).waitFor();
    await shot(page, "refusal-constraint-kk");
  } finally {
    localSql("DROP TRIGGER milestone_collides");
  }

  // An invitation revoked a moment after its person joined with it.
  await page.goto(`${BASE}/manage`);
  await page.getByRole("button", { name: KK.revoke_button }).first().waitFor();
  const joined = await post("/api/invitations/redeem", { body: { code: invitation.code, name: "Бакыт Жаңа", phone: freshPhone(), password: "member password" }, headers: { "cf-connecting-ip": freshAddress() } });
  assert.equal(joined.status, 201, joined.text);
  // The newest invitation comes first: the one just used.
  await page.getByRole("button", { name: KK.revoke_button }).first().click();
  await page.getByText(KK.conflict_invitation_used).waitFor();
  assert.equal(await page.getByRole("button", { name: KK.retry }).count(), 0, "revoking again cannot help, so it is not offered");
  await shot(page, "refusal-invitation-used-kk");
  await page.setViewportSize({ width: 320, height: 700 });
  await shot(page, "refusal-invitation-used-kk-320");

  assert.equal((await get(`/api/proposals/${assessed}`)).json.summary.status, "assessed", "no refused decision was recorded");
  assert.deepEqual(page.problems, []);
});
