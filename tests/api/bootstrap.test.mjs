// The first manager of a new deployment: created with the operator's bootstrap token only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { get, post, signIn } from "./client.mjs";

const TOKEN = process.env.KENES_BOOTSTRAP_TOKEN;

function request(overrides = {}) {
  return {
    programme_name: `Shymkent refinery community programme ${Date.now()}`,
    operator: "PKOP LLP",
    region: "Shymkent",
    manager_name: "Asel Bekova",
    phone: `+7703${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
    password: "first manager password",
    ...overrides,
  };
}

test("without the bootstrap token nothing is created", async () => {
  const body = request();
  const missing = await post("/api/bootstrap", { body });
  assert.equal(missing.status, 401);
  const wrong = await post("/api/bootstrap", { body, headers: { authorization: "Bearer not-the-token-at-all" } });
  assert.equal(wrong.status, 401);
  const names = (await get("/api/programmes")).json.programmes.map((p) => p.name);
  assert.ok(!names.includes(body.programme_name));
});

test("with the token a programme and its first manager are created, once", async () => {
  assert.ok(TOKEN, "the test command sets KENES_BOOTSTRAP_TOKEN");
  const body = request();
  const created = await post("/api/bootstrap", { body, headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.role, "manager");
  const listed = (await get("/api/programmes")).json.programmes.find((p) => p.name === body.programme_name);
  assert.equal(listed.id, created.json.programme);
  const cookie = await signIn(body.phone, body.password);
  assert.equal((await get("/api/session", { cookie })).json.programme, created.json.programme);

  const again = await post("/api/bootstrap", { body: request({ programme_name: body.programme_name }), headers: { authorization: `Bearer ${TOKEN}` } });
  assert.deepEqual([again.status, again.json.field, again.json.problem.code], [422, "programme_name", "taken"]);
});
