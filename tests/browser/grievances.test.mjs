// A grievance followed to its end, in Russian on phones (390x844): a visitor files one
// anonymously with a photo (an empty description is refused first, nothing typed is lost) and
// keeps the code; a mistyped code is told to be a typo; the manager acknowledges and answers; the
// filer reads the answer and appeals; the manager answers again and closes it. The manager also
// publishes reception hours, which the public sees on the programme's page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, phonePage, shot, signInRu, drawnPhoto, BASE } from "./browser.mjs";
import { post, get, MANAGERS, DEMO_PASSWORD } from "../api/client.mjs";

let browser;
before(async () => {
  await post("/api/demo");
  browser = await launch();
});
after(() => browser?.close());

/// The same code with its first symbol changed: a typo the check symbol catches.
const mistyped = (code) => code.replace(/^./, (c) => (c === "A" ? "B" : "A"));

test("an anonymous grievance with a photo is answered, appealed, answered again and closed", async () => {
  const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const village = `Кок-Жар ${Math.random().toString(36).slice(2, 6)}`;

  // A visitor files from the home page.
  const filer = await phonePage(browser, "ru-RU");
  await filer.goto(BASE);
  await filer.getByRole("link", { name: "Подать жалобу" }).first().click();
  await filer.getByRole("heading", { name: "Подать жалобу" }).waitFor();
  await filer.getByLabel("Программа (компания и район)").selectOption({ label: talas.name });
  await filer.getByLabel("Село").fill(village);
  await filer.getByLabel("О чём жалоба?").selectOption({ label: "Экология: пыль, вода, шум, отходы" });
  assert.equal(await filer.getByLabel("Подать анонимно").isChecked(), true, "anonymous unless the filer chooses otherwise");
  await filer.locator(".grievance-form input[type=file]").setInputFiles(await drawnPhoto(filer, 1600, 1200, "dust.png"));
  await filer.locator(".grievance-form .photo-list img").waitFor();
  await filer.getByRole("button", { name: "Отправить жалобу" }).click();
  await filer.getByText("Заполните это поле.").waitFor();
  assert.equal(await filer.getByLabel("Село").inputValue(), village, "what was typed stays");
  assert.equal(await filer.locator(".grievance-form .photo-list img").count(), 1, "the photo stays");
  await shot(filer, "grievance-refused-ru");
  await filer.getByLabel("Что произошло").fill(`Самосвалы едут мимо школы в селе ${village} без укрытия кузова, пыль во дворе каждый день.`);
  await filer.getByRole("button", { name: "Отправить жалобу" }).click();
  await filer.getByRole("heading", { name: "Ваша жалоба получена" }).waitFor();
  const code = (await filer.locator(".tracking-code").textContent()).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  await filer.getByText("Отправлено").waitFor();
  await shot(filer, "grievance-receipt-ru");

  // The same code with a typo.
  await filer.goto(`${BASE}/track`);
  await filer.getByLabel("Код жалобы").fill(mistyped(code));
  await filer.getByRole("button", { name: "Показать" }).click();
  await filer.getByText("В коде опечатка").waitFor();
  await shot(filer, "grievance-typo-ru");

  // The manager acknowledges and answers, and sees the photo.
  const manager = await phonePage(browser, "ru-RU");
  await signInRu(manager, MANAGERS.talas, DEMO_PASSWORD);
  await manager.getByRole("link", { name: "Жалобы" }).click();
  await manager.getByRole("link", { name: new RegExp(village) }).click();
  await manager.getByText("Подана анонимно").waitFor();
  const photo = manager.locator(".photos img");
  await photo.waitFor();
  // Loaded, not just placed: the image (loaded lazily) arrives after the page.
  await photo.scrollIntoViewIfNeeded();
  await manager.waitForFunction((img) => img.complete && img.naturalWidth > 0, await photo.elementHandle(), { timeout: 10_000 }).catch(() => {});
  assert.ok(await photo.evaluate((img) => img.complete && img.naturalWidth > 0), "the manager sees the photo");
  await manager.getByRole("button", { name: "Подтвердить получение" }).click();
  const answerBox = manager.getByLabel("Ваш ответ (его прочтёт владелец кода)");
  await answerBox.fill("Мы обязали подрядчика укрывать кузова и поливать дорогу у школы с понедельника.");
  await manager.getByRole("button", { name: "Отправить ответ" }).click();
  await manager.getByRole("button", { name: "Закрыть" }).waitFor();
  await shot(manager, "grievance-manager-answered-ru");

  // The filer reads the answer and appeals.
  await filer.goto(`${BASE}/track/${code}`);
  await filer.getByText("Мы обязали подрядчика укрывать кузова").waitFor();
  await filer.getByLabel("Почему ответ не решает проблему").fill("Кузова по-прежнему открыты, полива не было ни разу.");
  await filer.getByRole("button", { name: "Обжаловать ответ" }).click();
  await filer.locator(".badge", { hasText: "Рассматривается" }).waitFor();
  assert.equal(await filer.getByRole("button", { name: "Обжаловать ответ" }).count(), 0, "an answer is appealed once");
  await shot(filer, "grievance-appealed-ru");

  // The manager answers the appeal and closes the grievance.
  await manager.reload();
  await manager.getByText("Кузова по-прежнему открыты").waitFor();
  await manager.getByLabel("Ваш ответ (его прочтёт владелец кода)").fill("Поставили пост у школы: машины без укрытия разворачивают. Полив дважды в день.");
  await manager.getByRole("button", { name: "Отправить ответ" }).click();
  await manager.getByText("Ответ на обжалование").waitFor();
  manager.once("dialog", (dialog) => dialog.accept());
  await manager.getByRole("button", { name: "Закрыть" }).click();
  await manager.locator(".badge", { hasText: "Закрыта" }).waitFor();

  await filer.reload();
  await filer.locator(".badge", { hasText: "Закрыта" }).waitFor();
  await filer.getByText("Поставили пост у школы").waitFor();
  await filer.getByText("Обжалована заявителем").waitFor();
  await shot(filer, "grievance-closed-ru");

  for (const page of [filer, manager]) assert.deepEqual(page.problems, []);
});

test("reception hours published by a manager show on the programme's page, with the year's figures", async () => {
  const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
  const receiver = `Заместитель директора ${Math.random().toString(36).slice(2, 6)}`;
  const manager = await phonePage(browser, "ru-RU");
  await signInRu(manager, MANAGERS.talas, DEMO_PASSWORD);
  await manager.goto(`${BASE}/grievances`);
  await manager.getByText("Опубликовать часы приёма").click();
  await manager.getByLabel("Кто принимает (имя и должность)").fill(receiver);
  await manager.getByLabel("Где", { exact: true }).fill("Административное здание, каб. 12");
  await manager.getByLabel("понедельник").check();
  await manager.getByLabel("среда").check();
  await manager.getByLabel("До", { exact: true }).fill("08:00");
  await manager.getByLabel("Русский").check();
  await manager.getByRole("button", { name: "Опубликовать", exact: true }).click();
  await manager.getByText("Окончание должно быть позже начала.").waitFor();
  assert.equal(await manager.getByLabel("Где", { exact: true }).inputValue(), "Административное здание, каб. 12", "what was typed stays");
  await manager.getByLabel("До", { exact: true }).fill("12:30");
  await manager.getByRole("button", { name: "Опубликовать", exact: true }).click();
  await manager.locator(".receptions .card", { hasText: receiver }).waitFor();

  // A hotline call logged on the same page joins the list at once.
  const village = `Бакай-Ата ${Math.random().toString(36).slice(2, 6)}`;
  await manager.getByText("Внести жалобу с горячей линии, из ящика или с приёма").click();
  await manager.getByLabel("Язык звонка").selectOption({ label: "Кыргызча" });
  await manager.getByLabel("Село").fill(village);
  await manager.getByLabel("О чём жалоба?").selectOption({ label: "Работа и трудоустройство" });
  await manager.getByLabel("Что произошло").fill(`Звонок: в ${village} не берут местных на сезонные работы.`);
  await manager.getByRole("button", { name: "Отправить жалобу" }).click();
  await manager.locator(".tracking-code").waitFor();
  await manager.getByRole("link", { name: new RegExp(village) }).waitFor();
  await shot(manager, "grievances-manager-ru");

  const visitor = await phonePage(browser, "ru-RU");
  await visitor.goto(`${BASE}/programmes/${talas.id}`);
  const card = visitor.locator(".receptions .card", { hasText: receiver });
  await card.waitFor();
  assert.match(await card.textContent(), /понедельник, среда · 09:00–12:30/);
  await visitor.getByRole("heading", { name: `Жалобы за ${new Date().getFullYear()} год` }).waitFor();
  await visitor.getByText("Отвечено в срок").waitFor();
  await shot(visitor, "programme-grievances-ru");
  for (const page of [manager, visitor]) assert.deepEqual(page.problems, []);
});
