// The first view of shared pages: a public proposal's or project's page arrives with its title
// (and a proposal's description) written in, escaped, under the page's own security headers; a
// draft, an unknown record and any other page of the app get the app's page unchanged.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { get, post, call, signIn, newCouncil, newMember, MANAGERS, BASE } from "./client.mjs";

let member;
let home;
before(async () => {
  await post("/api/demo");
  const manager = await signIn(MANAGERS.kpo);
  member = await newMember(manager, (await newCouncil(manager, "First view council")).id, "Aigerim");
  home = await page("/");
});

async function page(path) {
  const response = await fetch(BASE + path);
  return { status: response.status, headers: response.headers, html: await response.text() };
}

const firstView = (html) => html.match(/<div id="first-view">([\s\S]*?)<\/section><\/div><\/div>/)?.[1];

test("a proposal's page holds its title and description once the public may read it, escaped", async () => {
  const id = randomUUID();
  const mark = id.slice(0, 8);
  const body = {
    title: `Water <b>now</b> & "clean" ${mark}`,
    description: `A tank <script>alert(1)</script> for the school ${mark}`,
    category: "water",
    village: "Aksai",
    estimated_cost: "4 500 000 ₸",
    beneficiaries: 300,
  };
  assert.equal((await call("PUT", `/api/proposals/${id}`, { cookie: member.cookie, body })).status, 200);

  const draft = await page(`/proposals/${id}`);
  assert.equal(draft.status, 200);
  assert.equal(draft.html, home.html, "a draft is its council's alone: the app's page, nothing of the draft");

  assert.equal((await post(`/api/proposals/${id}/submit`, { cookie: member.cookie })).status, 200);
  const shown = await page(`/proposals/${id}`);
  assert.equal(shown.status, 200);
  const view = firstView(shown.html);
  assert.ok(view, "the page opens with the first view");
  assert.match(view, new RegExp(`<h1>Water &lt;b&gt;now&lt;/b&gt; &amp; &quot;clean&quot; ${mark}</h1>`));
  assert.match(view, /<p class="meta">First view council/);
  assert.match(view, new RegExp(`<p class="description">A tank &lt;script&gt;alert\\(1\\)&lt;/script&gt; for the school ${mark}</p>`));
  assert.ok(shown.html.includes('<body class="first-view">'));
  // The rest is the app's page as it is: its start script, allowed by the same policy.
  assert.ok(shown.html.endsWith(home.html.slice(home.html.indexOf("<body>") + "<body>".length)));
  for (const header of ["content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"]) {
    assert.equal(shown.headers.get(header), home.headers.get(header), header);
  }
  assert.match(shown.headers.get("content-type"), /text\/html/);
  assert.equal(shown.headers.get("etag"), null, "not the stored file's tag: the page changes with the record");
});

test("a project's page holds its title and council; unknown records and other pages are the app's page", async () => {
  const { programmes } = (await get("/api/programmes")).json;
  const torangy = programmes.find((p) => p.name === "Torangy-2023");
  const { proposals } = (await get(`/api/proposals?programme=${torangy.id}`)).json;
  const { json: proposal } = await get(`/api/proposals/${proposals[0].id}`);
  const { json: project } = await get(`/api/projects/${proposal.project}`);

  const view = firstView((await page(`/projects/${proposal.project}`)).html);
  assert.ok(view, "the project's page opens with the first view");
  assert.ok(view.includes(`<h1>${project.project.title}</h1>`), view);
  assert.ok(view.includes(`<p class="meta">${project.council_name} · ${project.programme_name}</p>`), view);

  for (const path of [
    `/projects/${randomUUID()}`,
    `/proposals/${randomUUID()}`,
    "/proposals/not-an-id",
    `/proposals/${proposals[0].id}/edit`,
    "/proposals/new",
    "/programmes",
  ]) {
    const other = await page(path);
    assert.equal(other.status, 200, path);
    assert.equal(other.html, home.html, path);
  }
});
