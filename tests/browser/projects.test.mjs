// A project followed in the open, in Russian on phones (390x844): the manager marks a milestone
// done (a date in the future is refused first), records spending that takes the project past its
// budget and a result (a missing unit is refused first); a council member reports a problem with
// a photo; the manager answers it; a signed-out visitor sees the progress, the red overspend
// flag, the report with its answer, and downloads the year's spending as CSV.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, phonePage, shot, signInRu, drawnPhoto, BASE } from "./browser.mjs";
import { post, get, signIn, newCouncil, newMember, newAssessor, allocate, approvedProject, MANAGERS, DEMO_PASSWORD, MEMBER_PASSWORD } from "../api/client.mjs";

const YEAR = new Date().getUTCFullYear();
const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let browser;
before(async () => {
  await post("/api/demo");
  browser = await launch();
});
after(() => browser?.close());

test("a project's spending, results and monitoring are followed in the open, down to the CSV", async () => {
  const manager = await signIn(MANAGERS.talas);
  const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const council = await newCouncil(manager, "Кара-Ой");
  const member = await newMember(manager, council.id, "Айгуль Мониторинг");
  const assessors = [await newAssessor(manager, "Оценщик проекта А"), await newAssessor(manager, "Оценщик проекта Б")];
  await allocate(manager, talas.id, YEAR, council.id, "10 000 000");
  const title = `Водопровод к амбулатории ${Math.random().toString(36).slice(2, 7)}`;
  const id = await approvedProject({ manager, member, assessors, programme: talas.id, year: YEAR, title, amount: "2 000 000" });
  assert.equal((await post(`/api/projects/${id}/milestones`, { cookie: manager, body: { title: "Трубы уложены", due: day(-3) } })).status, 201);

  // The manager, on a phone.
  const staff = await phonePage(browser, "ru-RU");
  await signInRu(staff, MANAGERS.talas, DEMO_PASSWORD);
  await staff.goto(`${BASE}/projects/${id}`);
  await staff.getByRole("heading", { name: title }).waitFor();
  await staff.getByText("Просрочено этапов: 1").waitFor();
  const doneDate = staff.getByLabel("Дата выполнения");
  await doneDate.fill(day(3));
  await staff.getByRole("button", { name: "Отметить выполненным" }).click();
  await staff.getByText("Эта дата ещё не наступила").waitFor();
  await shot(staff, "project-done-in-the-future-ru");
  await doneDate.fill(day(0));
  await staff.getByRole("button", { name: "Отметить выполненным" }).click();
  await staff.getByText("Выполнено этапов: 1 из 1").waitFor();

  await staff.getByText("Внести расход").first().click();
  await staff.getByLabel("Сумма, тенге").fill("2 350 000");
  await staff.getByText("С этой суммой проект превысит бюджет").waitFor();
  await staff.getByLabel("На что").fill("Трубы и насос");
  await staff.getByRole("button", { name: "Внести расход" }).click();
  await staff.locator(".flag.danger", { hasText: "Перерасход" }).waitFor();

  await staff.getByText("Внести результат").first().click();
  await staff.getByLabel("Количество").fill("850");
  await staff.getByLabel("Что сделано").fill("Метров трубы уложено");
  await staff.getByRole("button", { name: "Внести результат" }).click();
  await staff.getByText("Выберите единицу измерения.").waitFor();
  assert.equal(await staff.getByLabel("Количество").inputValue(), "850", "what was typed stays");
  await staff.getByLabel("Единица").selectOption("other");
  await staff.getByRole("button", { name: "Внести результат" }).click();
  await staff.getByText("Метров трубы уложено").waitFor();
  await shot(staff, "project-manager-overspent-ru");

  // A council member reports a problem with a photo.
  const monitor = await phonePage(browser, "ru-RU");
  await signInRu(monitor, member.phone, MEMBER_PASSWORD);
  await monitor.goto(`${BASE}/projects/${id}`);
  await monitor.getByRole("heading", { name: "Сообщите, что вы увидели" }).waitFor();
  await monitor.getByLabel("Проблема").check();
  await monitor.getByLabel("Что вы увидели?").fill("Насос течёт в месте соединения, у двери амбулатории стоит вода.");
  await monitor.locator(".report-form input[type=file]").setInputFiles(await drawnPhoto(monitor, 1200, 900, "pump.png"));
  await monitor.locator(".report-form .photo-list img").waitFor();
  await monitor.waitForFunction(() => !document.querySelector(".report-form .photo-list .hint")?.textContent);
  await monitor.getByRole("button", { name: "Отправить отчёт" }).click();
  await monitor.getByText("Ждёт ответа менеджера").waitFor();
  await shot(monitor, "project-problem-reported-ru");

  // The manager finds it on the monitoring list and answers it.
  await staff.getByRole("link", { name: "Мониторинг" }).click();
  await staff.getByRole("link", { name: title }).click();
  await staff.getByLabel("Ваш ответ (публикуется на этой странице)").fill("Коротко");
  await staff.getByRole("button", { name: "Ответить" }).click();
  await staff.getByText("Напишите не меньше 10 символов").waitFor();
  await staff.getByLabel("Ваш ответ (публикуется на этой странице)").fill("Подрядчик заменит соединение в пятницу за свой счёт.");
  await staff.getByRole("button", { name: "Ответить" }).click();
  await staff.getByText("Ответ менеджера").waitFor();

  // A visitor, signed out, sees it all.
  const visitor = await phonePage(browser, "ru-RU");
  await visitor.goto(`${BASE}/projects/${id}`);
  await visitor.getByRole("heading", { name: title }).waitFor();
  await visitor.getByText("Выполнено этапов: 1 из 1").waitFor();
  const overspent = visitor.locator(".flag.danger", { hasText: "Перерасход" });
  assert.match(await overspent.textContent(), /350\s000/);
  assert.equal(await overspent.evaluate((e) => getComputedStyle(e).color), "rgb(179, 38, 30)", "the overspend is flagged in red");
  await visitor.getByText("Насос течёт в месте соединения").waitFor();
  await visitor.getByText("Подрядчик заменит соединение в пятницу за свой счёт.").waitFor();
  const photo = visitor.locator(".report .photos img");
  await photo.waitFor();
  assert.ok(await photo.evaluate((img) => img.complete && img.naturalWidth > 0), "the report's photo is public");
  assert.equal(await visitor.getByRole("heading", { name: "Сообщите, что вы увидели" }).count(), 0, "a visitor does not report");
  assert.equal(await visitor.getByText("Внести расход").count(), 0);
  await shot(visitor, "project-visitor-ru");

  await visitor.getByRole("link", { name: `Назад к ${YEAR} году` }).click();
  await visitor.getByRole("heading", { name: /бюджетный год/ }).waitFor();
  const card = visitor.locator(".projects .card", { hasText: title });
  await card.locator(".flag.danger", { hasText: "Перерасход" }).waitFor();
  await shot(visitor, "dashboard-ru");
  // The report in Kazakh on a narrow phone, with each project's record fingerprint.
  await visitor.setViewportSize({ width: 320, height: 700 });
  await visitor.getByRole("button", { name: "Қазақша" }).click();
  await card.locator(".head", { hasText: "Жазба ізі:" }).waitFor();
  await shot(visitor, "dashboard-kk-320");
  await visitor.getByRole("button", { name: "Русский" }).click();
  await visitor.setViewportSize({ width: 390, height: 844 });
  await card.locator(".head", { hasText: "Отпечаток записи:" }).waitFor();
  const [download] = await Promise.all([
    visitor.waitForEvent("download"),
    visitor.locator(".downloads li", { hasText: "Расходы" }).getByRole("link", { name: "CSV" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `kenes-${YEAR}-spending.csv`);
  const csv = readFileSync(await download.path(), "utf8");
  assert.ok(csv.startsWith("project_id,date,amount_tenge,purpose"), csv.slice(0, 80));
  assert.ok(csv.includes(`${id},${day(0)},2350000,Трубы и насос`), "the spending entry is in the file as recorded");

  for (const page of [staff, monitor, visitor]) assert.deepEqual(page.problems, []);
});

test("the open-data page explains every column, and the year's report prints", async () => {
  const visitor = await phonePage(browser, "ru-RU");
  await visitor.goto(`${BASE}/open-data`);
  await visitor.getByRole("heading", { name: "Открытые данные" }).waitFor();
  for (const column of ["amount_tenge", "overspent", "milestones_overdue", "unit"]) {
    await visitor.locator("dt code", { hasText: new RegExp(`^${column}$`) }).first().waitFor();
  }
  await visitor.getByText("sport_and_culture").first().waitFor();
  await shot(visitor, "open-data-ru");
  const torangy = (await get("/api/programmes")).json.programmes.find((p) => p.name === "Torangy-2023");
  await visitor.goto(`${BASE}/programmes/${torangy.id}`);
  await visitor.getByRole("link", { name: "Бюджетный год 2023" }).click();
  await visitor.getByText("Stocking of Bertys Bay with carp").waitFor();
  await visitor.emulateMedia({ media: "print" });
  assert.equal(await visitor.getByRole("button", { name: "Распечатать отчёт" }).isVisible(), false, "the print button is not printed");
  assert.equal(await visitor.locator(".downloads").isVisible(), false);
  await visitor.getByText("Stocking of Bertys Bay with carp").waitFor();
  // The year's report as printed for a public hearing, kept with the screenshots.
  const pdf = await visitor.pdf({ path: `${process.env.KENES_SCREENSHOTS ?? "test-output/screenshots"}/dashboard-print-ru.pdf` });
  assert.ok(pdf.length > 10_000, "the report prints");
  assert.deepEqual(visitor.problems, []);
});
