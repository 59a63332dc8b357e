// Refusals told in the reader's language, in Kazakh on a phone: a manager who assigns fewer
// assessors than the year requires, marks done a milestone that someone marked done a moment
// before, and answers a report that was answered a moment before, reads each time what happened
// and what to do, never the generic "this changed" text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, phonePage, shot, BASE } from "./browser.mjs";
import { call, post, get, signIn, newCouncil, newMember, newAssessor, allocate, approvedProject, MANAGERS, DEMO_PASSWORD } from "../api/client.mjs";

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
