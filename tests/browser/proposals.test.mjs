// The council journey on a phone, in Kazakh and in Russian: a member joins from an invitation,
// drafts a proposal with a photo, loses the signal midway and loses nothing, submits it; the
// other members vote from their own phones; a signed-out visitor sees it forwarded, with the
// tally and the history.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, phonePage, shot, drawnPhoto, localeTexts, BASE } from "./browser.mjs";
import { post, signIn, newCouncil, freshPhone, MANAGERS } from "../api/client.mjs";

let browser;
let manager;
before(async () => {
  await post("/api/demo");
  manager = await signIn(MANAGERS.kpo);
  browser = await launch();
});
after(() => browser?.close());

const TEXTS = {
  kk: {
    browser: "kk-KZ",
    name: "Атыңыз",
    phone: "Телефон нөмірі",
    newPassword: "Құпиясөз ойлап табыңыз",
    password: "Құпиясөз",
    join: "Тіркелгі ашу",
    signIn: "Кіру",
    signOut: "Шығу",
    newProposal: "Жаңа ұсыныс",
    votes: "Дауыс беру",
    title: "Атауы",
    description: "Сипаттамасы",
    category: "Санат",
    village: "Ауыл",
    cost: "Болжамды құны, теңге",
    beneficiaries: "Пайда көретін адамдар саны",
    save: "Сақтау",
    tooShort: "Кемінде",
    negative: "Сома теріс болмайды.",
    notAnImage: "Бұл файл сурет емес. JPEG, PNG немесе WebP суретін таңдаңыз.",
    offline: "Байланыс жоқ: телефонда сақталды, сигнал пайда болғанда жіберіледі.",
    saved: "Сақталды. Кеңес қараламаны көре алады.",
    submit: "Кеңестің дауыс беруіне ұсыну",
    inVote: "Кеңес дауыс беруде",
    for: "Қолдаймын",
    against: "Қарсымын",
    forwarded: "Компанияға жіберілді",
    allProposals: "Барлық ұсыныстар",
    history: "Тарихы",
    submitted: "Кеңестің дауыс беруіне ұсынылды",
    closed: "Дауыс беру жабылды",
  },
  ru: {
    browser: "ru-RU",
    name: "Ваше имя",
    phone: "Номер телефона",
    newPassword: "Придумайте пароль",
    password: "Пароль",
    join: "Создать аккаунт",
    signIn: "Войти",
    signOut: "Выйти",
    newProposal: "Новое предложение",
    votes: "Голосования",
    title: "Название",
    description: "Описание",
    category: "Категория",
    village: "Село",
    cost: "Примерная стоимость, тенге",
    beneficiaries: "Сколько людей получат пользу",
    save: "Сохранить",
    tooShort: "Напишите не меньше",
    negative: "Сумма не может быть отрицательной.",
    notAnImage: "Этот файл не фотография. Выберите изображение JPEG, PNG или WebP.",
    offline: "Нет связи: сохранено на телефоне и будет отправлено, когда появится сигнал.",
    saved: "Сохранено. Совет видит черновик.",
    submit: "Вынести на голосование совета",
    inVote: "Голосование совета",
    for: "За",
    against: "Против",
    forwarded: "Передано компании",
    allProposals: "Все предложения",
    history: "История",
    submitted: "Вынесено на голосование совета",
    closed: "Голосование закрыто",
  },
};

async function invitation(councilId) {
  const response = await post("/api/invitations", { cookie: manager, body: { role: "council_member", council: councilId } });
  assert.equal(response.status, 201, response.text);
  return response.json;
}

/// A member joins from the invitation link on their own phone; returns the page, signed in.
async function join(t, link, name, phone) {
  const page = await phonePage(browser, t.browser);
  page.on("dialog", (dialog) => dialog.accept());
  await page.goto(link);
  await page.getByLabel(t.name).fill(name);
  await page.getByLabel(t.phone).fill(phone);
  await page.getByLabel(t.newPassword).fill("ауыл кеңесі 2026");
  await page.getByRole("button", { name: t.join }).click();
  await page.getByText(name).waitFor();
  return page;
}

/// A photo larger than the app sends: 2400 x 1800 pixels, made by the browser itself.
const largePhoto = (page) => drawnPhoto(page, 2400, 1800);

for (const lang of ["kk", "ru"]) {
  const t = TEXTS[lang];
  const texts = localeTexts(lang);
  test(`the council journey in ${lang}: draft with a photo, signal lost and back, submitted, voted, public`, async () => {
    const council = await newCouncil(manager, `Journey ${lang}`);
    const invites = [await invitation(council.id), await invitation(council.id), await invitation(council.id)];
    const phones = [freshPhone(), freshPhone(), freshPhone()];

    // The two other members join first: the vote is among the members when it opens.
    const others = [];
    for (const [i, name] of [[1, "Болат"], [2, "Дана"]]) others.push(await join(t, `${BASE}/join/${invites[i].code}`, name, phones[i]));

    // The author joins, signs out and back in.
    const author = await join(t, `${BASE}/join/${invites[0].code}`, "Айгерім", phones[0]);
    await author.getByRole("button", { name: t.signOut }).click();
    await author.getByRole("link", { name: t.signIn }).click();
    await author.getByLabel(t.phone).fill(phones[0]);
    await author.getByLabel(t.password).fill("ауыл кеңесі 2026");
    await author.getByRole("button", { name: t.signIn }).click();
    await author.getByText("Айгерім").waitFor();

    // Drafting, with mistakes explained next to their fields.
    await author.getByRole("link", { name: t.newProposal }).click();
    await author.waitForURL(/\/proposals\/[0-9a-f-]{36}\/edit$/);
    const id = author.url().match(/proposals\/([0-9a-f-]{36})\/edit/)[1];
    await author.getByLabel(t.title).fill("Су");
    await author.getByLabel(t.description).fill("Мектепке су сүзгісі және 300 оқушыға арналған резервуар керек.");
    await author.getByLabel(t.category).selectOption("water");
    await author.getByLabel(t.village).fill("Аксай");
    await author.getByLabel(t.cost).fill("-5");
    await author.getByLabel(t.beneficiaries).fill("300");
    await author.getByRole("button", { name: t.save }).click();
    await author.locator("#field-title-message").getByText(t.tooShort).waitFor();
    await shot(author, `draft-errors-${lang}`);
    await author.getByLabel(t.title).fill("Мектепке таза ауыз су");
    await author.getByRole("button", { name: t.save }).click();
    await author.locator("#field-estimated_cost-message").getByText(t.negative).waitFor();
    assert.equal(await author.getByLabel(t.title).inputValue(), "Мектепке таза ауыз су", "what was typed is kept");
    await author.getByLabel(t.cost).fill("4500000");
    await author.locator(".amount-preview").getByText(/4.500.000/).waitFor();
    await author.getByRole("button", { name: t.save }).click();
    await author.getByText(t.saved).waitFor();

    // A file that is not an image is refused; a large photo is made smaller and sent.
    await author.locator("input[type=file]").setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a photo at all") });
    await author.getByText(t.notAnImage).waitFor();
    await author.locator("input[type=file]").setInputFiles(await largePhoto(author));
    await author.locator(".photo-list img").waitFor();
    await author.waitForFunction(() => document.querySelector(".photo-list .hint")?.textContent === "");
    const stored = await author.evaluate(async (proposal) => {
      const view = await (await fetch(`/api/proposals/${proposal}`)).json();
      const photo = await fetch(`/api/photos/${view.photos[0]}`);
      const bitmap = await createImageBitmap(await photo.blob());
      return { count: view.photos.length, type: photo.headers.get("content-type"), width: bitmap.width, height: bitmap.height };
    }, id);
    assert.deepEqual(stored, { count: 1, type: "image/jpeg", width: 1600, height: 1200 });
    await shot(author, `draft-photo-${lang}`);

    // Reloaded, the draft shows the photo the server has, and says the text is saved.
    await author.reload();
    await author.locator(".photo-list img").waitFor();
    await author.getByText(t.saved).waitFor();
    assert.equal(await author.getByText(texts.photo_queued).count(), 0, "nothing is said to wait");
    await shot(author, `draft-reloaded-${lang}`);

    // The signal goes; typing goes on and is kept on the phone; the tab is closed.
    await author.context().setOffline(true);
    await author.getByLabel(t.beneficiaries).fill("320");
    await author.getByText(t.offline).waitFor();
    await shot(author, `draft-offline-${lang}`);
    await author.context().setOffline(false);
    await author.getByText(t.saved).waitFor();
    await author.getByLabel(t.description).fill("Мектепке су сүзгісі және 320 оқушыға арналған резервуар керек. Сигнал жоқ кезде жазылды.");
    await author.context().setOffline(true);
    await author.getByText(t.offline).waitFor();
    const reopened = await author.context().newPage();
    reopened.problems = [];
    reopened.on("pageerror", (e) => reopened.problems.push(`exception: ${e.message}`));
    await author.close();
    await reopened.context().setOffline(false);
    await reopened.goto(`${BASE}/proposals/${id}/edit`);
    assert.match(await reopened.getByLabel(t.description).inputValue(), /Сигнал жоқ кезде жазылды/, "nothing typed offline is lost");
    assert.equal(await reopened.getByLabel(t.beneficiaries).inputValue(), "320");
    reopened.on("dialog", (dialog) => dialog.accept());
    await reopened.getByRole("button", { name: t.submit }).click();
    await reopened.waitForURL(new RegExp(`/proposals/${id}$`));
    await reopened.locator(".badge").getByText(t.inVote).waitFor();
    // The draft page is left behind; the signal goes and comes back three times, and nothing
    // that page left runs (it used to throw on every reconnect).
    for (let i = 0; i < 3; i++) {
      await reopened.context().setOffline(true);
      await reopened.waitForTimeout(300);
      await reopened.context().setOffline(false);
      await reopened.waitForTimeout(300);
    }
    assert.deepEqual(reopened.problems, []);
    // The author votes against, then changes their mind.
    await reopened.getByRole("button", { name: t.against, exact: true }).click();
    await reopened.locator(".choice.chosen").getByText(t.against).waitFor();
    await reopened.getByRole("button", { name: t.for, exact: true }).click();
    await reopened.locator(".choice.chosen").getByText(t.for).waitFor();
    await shot(reopened, `proposal-in-vote-${lang}`);

    // The two other members vote from their own phones.
    for (const [i, member] of others.entries()) {
      await member.getByRole("link", { name: t.votes }).click();
      await member.getByRole("link", { name: "Мектепке таза ауыз су" }).click();
      await member.getByRole("button", { name: t.for, exact: true }).click();
      if (i === 0) {
        await member.locator(".choice.chosen").getByText(t.for).waitFor();
        await shot(member, `member-voted-${lang}`);
      } else {
        // The last vote closes it: every member has voted.
        await member.locator(".badge").getByText(t.forwarded).waitFor();
      }
      assert.deepEqual(member.problems, []);
      await member.context().close();
    }

    // Anyone, signed out, sees the outcome, the tally and the history.
    const visitor = await phonePage(browser, t.browser);
    await visitor.goto(BASE + "/");
    await visitor.getByRole("link", { name: t.allProposals }).click();
    await visitor.getByRole("link", { name: "Мектепке таза ауыз су" }).first().click();
    await visitor.locator(".badge").getByText(t.forwarded).waitFor();
    assert.deepEqual(await visitor.locator(".tally strong").allInnerTexts(), ["3", "0", "0"]);
    await visitor.getByRole("heading", { name: t.history }).waitFor();
    await visitor.locator(".history").getByText(t.submitted).waitFor();
    await visitor.locator(".history").getByText(t.closed).waitFor();
    assert.equal(await visitor.locator(".photos img").count(), 1, "the photo is public with the proposal");
    assert.equal(await visitor.locator(".ballot").count(), 0, "the public cannot vote");
    await shot(visitor, `proposal-forwarded-${lang}`);
    assert.deepEqual(visitor.problems, []);
    assert.deepEqual(reopened.problems ?? [], []);
    await visitor.context().close();
    await reopened.context().close();
  });
}
