// A manager invites a council member from a phone; the member joins from the link in Kazakh,
// signs out and back in; mistakes are explained next to the field and nothing typed is lost.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, phonePage, shot, BASE } from "./browser.mjs";

let browser;
before(async () => {
  await fetch(`${BASE}/api/demo`, { method: "POST", headers: { origin: BASE } });
  browser = await launch();
});
after(() => browser?.close());

const memberPhone = `+7702${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
let inviteLink;

test("a manager signs in and invites a council member of Aksai", async () => {
  const page = await phonePage(browser, "ru-RU");
  await page.goto(BASE + "/");
  await page.getByRole("link", { name: "Войти" }).click();
  await page.getByLabel("Номер телефона").fill("8 700 000 00 01");
  await page.getByLabel("Пароль").fill("wrong password");
  await page.getByRole("button", { name: "Войти" }).click();
  await page.getByText("Неверный номер телефона или пароль.").waitFor();
  assert.equal(await page.getByLabel("Номер телефона").inputValue(), "8 700 000 00 01", "the phone typed is kept");
  await shot(page, "sign-in-wrong-password-ru");

  await page.getByLabel("Пароль").fill("kenes-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await page.getByRole("link", { name: "Управление" }).click();
  await page.getByRole("heading", { level: 1, name: "Управление программой" }).waitFor();
  await page.getByLabel("Роль").selectOption("council_member");
  await page.getByLabel("Совет", { exact: true }).selectOption({ label: "Aksai" });
  await page.getByRole("button", { name: "Создать приглашение" }).click();
  const code = await page.getByTestId("invitation-code").innerText();
  assert.match(code, /^([0-9A-Z]{4}-){6}[0-9A-Z]{3}$/);
  inviteLink = await page.locator(".invitation .link a").getAttribute("href");
  assert.ok(inviteLink.endsWith(`/join/${code}`));
  await page.getByText("Действует до").first().waitFor();
  await shot(page, "manage-invitation-ru");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the invited member joins from the link in Kazakh and is signed in", async () => {
  assert.ok(inviteLink, "the manager's test made an invitation");
  const page = await phonePage(browser, "kk-KZ");
  await page.goto(inviteLink);
  await page.getByRole("heading", { level: 1, name: "Kenes-ке тіркелу" }).waitFor();
  await page.getByLabel("Атыңыз").fill("Айгерім Нұрланқызы");
  await page.getByLabel("Телефон нөмірі").fill(memberPhone);
  await page.getByLabel("Құпиясөз ойлап табыңыз").fill("short");
  await page.getByRole("button", { name: "Тіркелгі ашу" }).click();
  await page.getByText("Кемінде 8 таңба жазыңыз.").waitFor();
  assert.equal(await page.getByLabel("Атыңыз").inputValue(), "Айгерім Нұрланқызы", "the name typed is kept");
  await shot(page, "join-short-password-kk");

  await page.getByLabel("Құпиясөз ойлап табыңыз").fill("ауыл кеңесі 2026");
  await page.getByRole("button", { name: "Тіркелгі ашу" }).click();
  await page.getByText("Айгерім Нұрланқызы").waitFor();
  await page.getByRole("heading", { level: 1, name: "Бағдарламалар мен кеңестер" }).waitFor();
  await shot(page, "joined-kk");

  await page.getByRole("button", { name: "Шығу" }).click();
  await page.getByRole("link", { name: "Кіру" }).waitFor();
  await page.getByRole("link", { name: "Кіру" }).click();
  await page.getByLabel("Телефон нөмірі").fill(memberPhone);
  await page.getByLabel("Құпиясөз").fill("ауыл кеңесі 2026");
  await page.getByRole("button", { name: "Кіру" }).click();
  await page.getByText("Айгерім Нұрланқызы").waitFor();
  await page.reload();
  await page.getByText("Айгерім Нұрланқызы").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the used invitation link tells the next person it has been used", async () => {
  const page = await phonePage(browser, "ru-RU");
  await page.goto(inviteLink);
  await page.getByLabel("Ваше имя").fill("Другой человек");
  await page.getByLabel("Номер телефона").fill("+7 705 000 00 00");
  await page.getByLabel("Придумайте пароль").fill("достаточно длинный");
  await page.getByRole("button", { name: "Создать аккаунт" }).click();
  await page.getByText("Этот код уже использован.").waitFor();
  await shot(page, "join-used-code-ru");
  await page.context().close();
});
