// The foundation: health, the demo data, the JSON error contract, one origin for the app and the
// API, security and cache headers, and the OpenAPI document.
import { test } from "node:test";
import assert from "node:assert/strict";
import { get, post, call, withDemo } from "./client.mjs";

test("health reports the build and a database that really answered", async () => {
  const { status, json } = await get("/api/health");
  assert.equal(status, 200);
  assert.equal(json.status, "ok");
  assert.match(json.version, /^\d+\.\d+\.\d+\+\w+/);
  assert.equal(json.database.ok, true);
  assert.ok(json.database.migrations >= 1, "the migrations table was read");
});

test("the demo data holds the three programmes of the seed documents with their councils", async () => {
  const programmes = await withDemo();
  const byName = Object.fromEntries(programmes.map((p) => [p.name, p]));
  for (const name of ["Karachaganak community programme", "Talas mining communities", "Torangy-2023"]) {
    assert.ok(byName[name], `${name} is listed`);
  }
  // Other tests add councils of their own; the demo's must all be there.
  const hasCouncils = (name, expected) => {
    const councils = byName[name].councils.map((c) => c.name);
    for (const council of expected) assert.ok(councils.includes(council), `${name} has ${council}`);
  };
  hasCouncils("Karachaganak community programme", ["Aksai", "Berezovka", "Bestau"]);
  hasCouncils("Talas mining communities", ["Aral", "Kara-Oi", "Kopuro-Bazar"]);
  hasCouncils("Torangy-2023", ["Balkhash", "Zhezkazgan"]);
});

test("loading the demo twice changes nothing the second time", async () => {
  const before = await withDemo();
  const again = await post("/api/demo");
  assert.equal(again.status, 200);
  assert.equal(again.json.loaded, false);
  assert.equal(again.json.programmes, before.length);
  assert.deepEqual((await get("/api/programmes")).json.programmes, before);
});

test("a write from another origin, or with no origin at all, is refused", async () => {
  const foreign = await post("/api/demo", { headers: { origin: "https://evil.example" } });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.json.error, "forbidden");
  const response = await fetch(`${process.env.KENES_URL}/api/demo`, { method: "POST" });
  assert.equal(response.status, 403);
});

test("an unknown API path is a JSON not_found error", async () => {
  const { status, json, headers } = await get("/api/no-such-thing");
  assert.equal(status, 404);
  assert.match(headers.get("content-type"), /application\/json/);
  assert.deepEqual(json, { error: "not_found" });
});

test("a known path with the wrong method is method_not_allowed", async () => {
  const { status, json } = await call("DELETE", "/api/programmes");
  assert.equal(status, 405);
  assert.equal(json.error, "method_not_allowed");
});

test("malformed JSON is refused with malformed_body and changes nothing", async () => {
  const before = await withDemo();
  const { status, json } = await post("/api/demo", { body: '{"oops": ' });
  assert.equal(status, 400);
  assert.equal(json.error, "malformed_body");
  assert.deepEqual((await get("/api/programmes")).json.programmes, before);
});

test("a body that is not JSON is refused with unsupported_media_type", async () => {
  const { status, json } = await post("/api/demo", { body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(status, 415);
  assert.equal(json.error, "unsupported_media_type");
});

test("an oversized body is refused with payload_too_large and the limit", async () => {
  const big = JSON.stringify({ text: "x".repeat(200 * 1024) });
  const { status, json } = await post("/api/demo", { body: big });
  assert.equal(status, 413);
  assert.equal(json.error, "payload_too_large");
  assert.equal(json.max_bytes, 64 * 1024);
});

test("API responses carry the security headers and are not cached", async () => {
  const { headers } = await get("/api/programmes");
  assert.match(headers.get("content-security-policy"), /frame-ancestors 'none'/);
  assert.equal(headers.get("x-content-type-options"), "nosniff");
  assert.equal(headers.get("referrer-policy"), "no-referrer");
  assert.equal(headers.get("cache-control"), "no-store");
});

test("the app is served from the same origin with a strict content security policy", async () => {
  const response = await fetch(`${process.env.KENES_URL}/`);
  assert.equal(response.status, 200);
  const csp = response.headers.get("content-security-policy");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.doesNotMatch(csp, /https?:/, "no third-party origins");
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  assert.ok(response.headers.get("referrer-policy"));
  assert.doesNotMatch(response.headers.get("cache-control") ?? "", /immutable/, "index.html must revalidate");
});

test("a deep link reloaded in the browser gets the app, not a 404", async () => {
  const home = await (await fetch(`${process.env.KENES_URL}/`)).text();
  for (const path of ["/programmes/6b656e65-0000-4000-8000-000000000300", "/proposals/0b0a2c8e-3f1d-4c55-9a51-5d2b1f6a7e10"]) {
    const deep = await fetch(`${process.env.KENES_URL}${path}`);
    assert.equal(deep.status, 200, path);
    assert.match(deep.headers.get("content-type"), /text\/html/);
    assert.equal(await deep.text(), home);
  }
});

test("the app's modules, under a content-hashed path, are cached for a year; the page is not", async () => {
  const page = await fetch(`${process.env.KENES_URL}/`);
  assert.doesNotMatch(page.headers.get("cache-control") ?? "", /immutable/);
  const html = await page.text();
  const base = html.match(/\/app\/[0-9a-f]{16}\//)?.[0];
  assert.ok(base, "index.html starts the app from its hashed folder");
  const loader = await (await fetch(`${process.env.KENES_URL}${base}__wasm_split.js`)).text();
  const pageModule = loader.match(/"\.\/(split_member\.wasm)"/);
  assert.ok(pageModule, "the members' pages (signing in first) are a module of their own, fetched when first shown");
  for (const file of ["kenes-app_bg.wasm", "kenes-app.js", pageModule[1]]) {
    const response = await fetch(`${process.env.KENES_URL}${base}${file}`);
    assert.equal(response.status, 200, file);
    assert.match(response.headers.get("cache-control"), /max-age=31536000.*immutable/, file);
  }
});

test("the OpenAPI document is 3.1 and describes the routes and the error type", async () => {
  const { status, json } = await get("/api/openapi.json");
  assert.equal(status, 200);
  assert.match(json.openapi, /^3\.1/);
  for (const path of ["/api/health", "/api/programmes", "/api/openapi.json", "/api/demo"]) {
    assert.ok(json.paths[path], `${path} is described`);
  }
  assert.ok(json.components.schemas.ApiError, "ApiError is a schema");
  assert.ok(json.components.schemas.ProgrammeList, "ProgrammeList is a schema");
});
