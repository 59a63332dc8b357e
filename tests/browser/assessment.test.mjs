// The company side in Russian, on a laptop (1280x800) and on a phone: the manager sets the council's
// allocation for the year, assigns two assessors, both score (one gives a 2 with a reason), the
// manager's approval above the allocation is refused with the remaining amount, then one within
// it is recorded; on a phone, a signed-out visitor sees the decision, its reason and the averages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, phonePage, shot, signInRu, BASE } from "./browser.mjs";
import { post, call, signIn, newCouncil, newMember, freshPhone, freshAddress, MANAGERS, DEMO_PASSWORD } from "../api/client.mjs";

const put = (path, options) => call("PUT", path, options);
const SIZES = { laptop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

let browser;
before(async () => {
  await post("/api/demo");
  browser = await launch();
});
after(() => browser?.close());

async function staffPage(size) {
  const context = await browser.newContext({ viewport: SIZES[size], locale: "ru-RU" });
  const page = await context.newPage();
  page.problems = [];
  const expectedRefusal = /Failed to load resource: the server responded with a status of 4\d\d/;
  page.on("console", (m) => m.type() === "error" && !expectedRefusal.test(m.text()) && page.problems.push(m.text()));
  page.on("pageerror", (e) => page.problems.push(e.message));
  page.on("dialog", (dialog) => dialog.accept());
  return page;
}


for (const size of Object.keys(SIZES)) test(`on a ${size}, a manager funds a proposal within the council's allocation; the public sees why`, async () => {
  const manager = await signIn(MANAGERS.kpo);
  const council = await newCouncil(manager, "Aksai journey");
  const member = await newMember(manager, council.id, "Асель");
  const assessors = [];
  for (const name of [`Ерлан Оценщик ${size}`, `Мадина Оценщица ${size}`]) {
    const phone = freshPhone();
    const invitation = await post("/api/invitations", { cookie: manager, body: { role: "assessor" } });
    const redeemed = await post("/api/invitations/redeem", {
      body: { code: invitation.json.code, name, phone, password: "assessor password" },
      headers: { "cf-connecting-ip": freshAddress() },
    });
    assert.equal(redeemed.status, 201, redeemed.text);
    assessors.push({ name, phone });
  }
  // The council forwards a proposal (the council journey is tested on its own).
  const id = crypto.randomUUID();
  const title = `Новая крыша для школы Аксай (${size})`;
  await put(`/api/proposals/${id}`, {
    cookie: member.cookie,
    body: { title, description: "Крыша течёт над двумя классами: листы, балки и работа.", category: "education", village: "Аксай", estimated_cost: "4 000 000", beneficiaries: 250, location: null },
  });
  await post(`/api/proposals/${id}/submit`, { cookie: member.cookie });
  assert.equal((await put(`/api/proposals/${id}/ballot`, { cookie: member.cookie, body: { choice: "for" } })).json.status, "forwarded");

  // The manager sets the council's allocation for the year.
  const page = await staffPage(size);
  await signInRu(page, MANAGERS.kpo, DEMO_PASSWORD);
  await page.getByRole("link", { name: "Бюджетный год" }).click();
  await page.getByLabel(`Лимит совета ${council.name}, тенге`).fill("5 000 000");
  if (!(await page.getByLabel("Общий бюджет, тенге").inputValue())) await page.getByLabel("Общий бюджет, тенге").fill("200 000 000");
  await page.getByRole("button", { name: "Сохранить план" }).click();
  await page.getByText("Сохранено.").waitFor();
  await page.locator(".funding .card", { hasText: council.name }).waitFor();
  await shot(page, `year-setup-ru-${size}`);

  // Two assessors are assigned from the queue.
  await page.getByRole("link", { name: "Оценка" }).click();
  const card = page.locator(".card", { hasText: title });
  await card.getByLabel(assessors[0].name).check();
  await card.getByLabel(assessors[1].name).check();
  await card.getByRole("button", { name: "Назначить" }).click();
  await page.locator(".card", { hasText: title }).getByText("Сдано оценочных листов: 0 из 2").waitFor();
  await shot(page, `assessment-queue-ru-${size}`);

  // Each assessor scores on their own laptop; a 2 needs a reason.
  for (const [i, assessor] of assessors.entries()) {
    const own = await staffPage(size);
    await signInRu(own, assessor.phone, "assessor password");
    await own.getByRole("link", { name: "Оценка" }).click();
    await own.getByRole("link", { name: title }).click();
    await own.getByLabel("Потребность сообщества").selectOption("5");
    await own.getByLabel("Техническая выполнимость").selectOption("4");
    await own.getByLabel("Соответствие бюджету").selectOption(i === 0 ? "2" : "4");
    await own.getByLabel("Устойчивость").selectOption("3");
    if (i === 0) {
      await own.getByRole("button", { name: "Сдать" }).click();
      await own.getByText("Для оценки 2 и ниже нужно письменное обоснование.").waitFor();
      await shot(own, `score-needs-reason-ru-${size}`);
      await own.getByLabel("Почему такая оценка?").fill("Смета завышена для одной сельской школы");
    }
    await own.getByRole("button", { name: "Сдать" }).click();
    await own.locator(".scorecard").waitFor({ state: "detached" });
    assert.deepEqual(own.problems, []);
    await own.context().close();
  }

  // Too much is refused with what remains; within the allocation it is recorded.
  await page.goto(`${BASE}/proposals/${id}`);
  await page.getByText("Итоговый балл: 3,75 из 5").waitFor();
  await page.getByLabel("Одобренная сумма, тенге").fill("6 000 000");
  await page.getByLabel("Причина (публикуется на этой странице)").fill("Самая высокая потребность в районе");
  await page.getByRole("button", { name: "Записать решение" }).click();
  await page.getByText(/Это больше, чем осталось от лимита совета: осталось 5.000.000/).waitFor();
  assert.equal(await page.getByLabel("Причина (публикуется на этой странице)").inputValue(), "Самая высокая потребность в районе", "the reason typed is kept");
  await shot(page, `decision-refused-ru-${size}`);
  await page.getByLabel("Одобренная сумма, тенге").fill("4 000 000");
  await page.getByRole("button", { name: "Записать решение" }).click();
  await page.locator(".badge").getByText("Одобрено").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // Anyone sees the decision, its reason and the averages, not who scored what.
  const visitor = await phonePage(browser, "ru-RU");
  await visitor.goto(`${BASE}/proposals/${id}`);
  await visitor.locator(".badge").getByText("Одобрено").waitFor();
  await visitor.getByText("Итоговый балл: 3,75 из 5").waitFor();
  await visitor.locator(".history").getByText(/Одобрено: 4.000.000.*Причина: Самая высокая потребность в районе/).waitFor();
  assert.equal(await visitor.getByText("Смета завышена").count(), 0, "an assessor's reasons stay private");
  assert.equal(await visitor.locator(".decision, .scorecard").count(), 0);
  await shot(visitor, `proposal-approved-ru-after-${size}`);
  await visitor.goto(`${BASE}/programmes/${(await (await fetch(`${BASE}/api/programmes`)).json()).programmes.find((p) => p.name.startsWith("Karachaganak")).id}/years/${new Date().getUTCFullYear()}`);
  // The year's report: the council's approved amount among its figures.
  await visitor.locator(".figures tbody", { hasText: council.name }).getByText(/4.000.000/).first().waitFor();
  await shot(visitor, `year-glance-ru-after-${size}`);
  assert.deepEqual(visitor.problems, []);
  await visitor.context().close();
});
