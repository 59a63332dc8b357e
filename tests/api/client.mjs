// A few helpers for the API tests: they talk to the real worker under wrangler dev.
export const BASE = process.env.KENES_URL ?? "http://127.0.0.1:8787";

export async function call(method, path, { body, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    if (!("content-type" in init.headers)) init.headers["content-type"] = "application/json";
  }
  const response = await fetch(BASE + path, init);
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const get = (path, options) => call("GET", path, options);
export const post = (path, options) => call("POST", path, options);

/// Loads the demo data (a no-op when it is there already) and returns the programmes.
export async function withDemo() {
  await post("/api/demo");
  return (await get("/api/programmes")).json.programmes;
}
