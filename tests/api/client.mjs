// A few helpers for the API tests: they talk to the real worker under wrangler dev.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
export const BASE = process.env.KENES_URL ?? "http://127.0.0.1:8787";

/// Calls the API as the app would: writes carry this origin (the API refuses writes from
/// elsewhere); `cookie` is a session to act in.
export async function call(method, path, { body, headers = {}, cookie } = {}) {
  const init = { method, headers: { ...headers } };
  if (method !== "GET" && !("origin" in init.headers)) init.headers.origin = BASE;
  if (cookie) init.headers.cookie = cookie;
  if (body !== undefined) {
    init.body = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
    if (!("content-type" in init.headers)) init.headers["content-type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch (error) {
    // Say what broke the connection (undici gives it as the cause), not only "fetch failed".
    const cause = error.cause ? ` (${error.cause.code ?? ""} ${error.cause.message ?? error.cause})` : "";
    throw new Error(`${method} ${path}: ${error.message}${cause}`, { cause: error });
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString("utf8");
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json, bytes };
}

export const get = (path, options) => call("GET", path, options);
export const post = (path, options) => call("POST", path, options);
export const del = (path, options) => call("DELETE", path, options);

export const DEMO_PASSWORD = "kenes-demo-2026";
export const MANAGERS = { kpo: "+77000000001", talas: "+996700000002", torangy: "+77000000003" };

/// The session cookie a response set, as `name=value`.
export function sessionCookie(response) {
  const header = response.headers.get("set-cookie") ?? "";
  return header.split(";")[0];
}

/// Signs in and returns the session cookie. A demo manager's session is kept in the test run's
/// state folder and reused while it is valid: every test file signs them in, and sign-in is
/// limited to ten tries per phone number in a quarter of an hour, as it should be.
export async function signIn(phone, password = DEMO_PASSWORD) {
  const kept = keptSessionPath(phone);
  if (kept && existsSync(kept)) {
    const cookie = readFileSync(kept, "utf8");
    if ((await get("/api/session", { cookie })).status === 200) return cookie;
  }
  const response = await post("/api/session", { body: { phone, password } });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  const cookie = sessionCookie(response);
  if (kept) writeFileSync(kept, cookie);
  return cookie;
}

function keptSessionPath(phone) {
  const demoManager = Object.values(MANAGERS).includes(phone);
  if (!demoManager || !process.env.KENES_STATE) return undefined;
  const folder = join(process.env.KENES_STATE, "test-sessions");
  mkdirSync(folder, { recursive: true });
  return join(folder, phone.replace(/\D/g, ""));
}

let phoneCounter = Math.floor(Math.random() * 1_000_000);
/// A Kazakh phone number no other test uses.
export function freshPhone() {
  phoneCounter += 1;
  return `+7701${String(phoneCounter).padStart(7, "0")}`;
}

/// Loads the demo data (a no-op when it is there already) and returns the programmes.
export async function withDemo() {
  await post("/api/demo");
  return (await get("/api/programmes")).json.programmes;
}

// Starts anywhere, so that runs against the same server within the hour do not share addresses.
let addressCounter = Math.floor(Math.random() * 0xffff00);
/// A client address of its own (wrangler dev takes the header as the platform would set it),
/// so that tests creating many accounts stay under the per-address rate limit.
export function freshAddress() {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

/// A new council in the manager's programme.
export async function newCouncil(managerCookie, prefix = "Council") {
  const response = await post("/api/councils", { cookie: managerCookie, body: { name: `${prefix} ${Date.now()} ${Math.random().toString(36).slice(2, 7)}` } });
  if (response.status !== 201) throw new Error(`council: ${response.status} ${response.text}`);
  return response.json;
}

/// A new council member, invited by the manager and signed in: { cookie, me }.
export async function newMember(managerCookie, councilId, name = "Council member") {
  const invitation = await post("/api/invitations", { cookie: managerCookie, body: { role: "council_member", council: councilId } });
  if (invitation.status !== 201) throw new Error(`invite: ${invitation.status} ${invitation.text}`);
  const phone = freshPhone();
  const redeemed = await post("/api/invitations/redeem", {
    body: { code: invitation.json.code, name, phone, password: MEMBER_PASSWORD },
    headers: { "cf-connecting-ip": freshAddress() },
  });
  if (redeemed.status !== 201) throw new Error(`redeem: ${redeemed.status} ${redeemed.text}`);
  return { cookie: sessionCookie(redeemed), me: redeemed.json, phone };
}

export const MEMBER_PASSWORD = "member password";

/// A new assessor of the manager's programme, signed in: { cookie, id }.
export async function newAssessor(managerCookie, name) {
  const invitation = await post("/api/invitations", { cookie: managerCookie, body: { role: "assessor" } });
  const redeemed = await post("/api/invitations/redeem", {
    body: { code: invitation.json.code, name, phone: freshPhone(), password: "assessor password" },
    headers: { "cf-connecting-ip": freshAddress() },
  });
  if (redeemed.status !== 201) throw new Error(`assessor: ${redeemed.status} ${redeemed.text}`);
  return { cookie: sessionCookie(redeemed), id: redeemed.json.member };
}

/// Gives `council` an allocation in the manager's programme year, keeping the others.
export async function allocate(managerCookie, programme, year, council, amount) {
  const existing = (await get(`/api/programmes/${programme}/years/${year}`)).json;
  const allocations = (existing?.plan?.allocations ?? [])
    .filter((a) => a.council !== council)
    .map((a) => ({ council: a.council, amount: String(a.amount) }));
  allocations.push({ council, amount });
  const budget = String(Math.max(existing?.plan?.budget ?? 0, 500_000_000));
  const response = await call("PUT", `/api/years/${year}`, { cookie: managerCookie, body: { budget, allocations, assessors_required: 2 } });
  if (response.status !== 200) throw new Error(`year: ${response.status} ${response.text}`);
}

/// A project approved through the whole flow: drafted and voted by the council's only member,
/// scored by two assessors, approved by the manager for `amount`. Returns the project's id.
export async function approvedProject({ manager, member, assessors, programme, year, title, amount = "1 000 000" }) {
  const id = crypto.randomUUID();
  const cookie = member.cookie;
  const body = { title, description: "Saplings along the river bank, with watering for two summers.", category: "environment", village: "Kara-Oi", estimated_cost: amount, beneficiaries: 300, location: null };
  const steps = [
    await call("PUT", `/api/proposals/${id}`, { cookie, body }),
    await post(`/api/proposals/${id}/submit`, { cookie }),
    await call("PUT", `/api/proposals/${id}/ballot`, { cookie, body: { choice: "for" } }),
    await post(`/api/proposals/${id}/assessors`, { cookie: manager, body: { assessors: assessors.map((a) => a.id) } }),
  ];
  const scores = { kind: "scored", community_need: { score: 5 }, technical_feasibility: { score: 4 }, budget_fit: { score: 4 }, sustainability: { score: 4 } };
  for (const a of assessors) steps.push(await post(`/api/proposals/${id}/assessment`, { cookie: a.cookie, body: scores }));
  steps.push(await post(`/api/proposals/${id}/decision`, { cookie: manager, body: { decision: "approve", amount, reason: "Agreed by the programme's panel" } }));
  const refused = steps.find((s) => s.status >= 400);
  if (refused) throw new Error(`approving ${title}: ${refused.status} ${refused.text}`);
  const dashboard = (await get(`/api/programmes/${programme}/years/${year}/dashboard`)).json;
  const project = dashboard.projects.find((p) => p.title === title);
  if (!project) throw new Error(`no project for ${title}`);
  return project.id;
}

/// Runs SQL against the local database wrangler dev serves (as `wrangler d1 execute` does), to
/// stand for time passing or to check what is stored.
export function localSql(command) {
  const out = execFileSync(
    "wrangler",
    ["d1", "execute", "DB", "--local", "--persist-to", process.env.KENES_STATE, "--json", "--command", command],
    { encoding: "utf8", env: { ...process.env, CI: "1", WRANGLER_LOG: "log" } },
  );
  return JSON.parse(out)[0].results;
}

/// Reads the local database directly with Debian's sqlite3, read-only: a hundred times quicker
/// than `localSql`, for tests that compare the whole database before and after a request.
export function readSql(query) {
  const folder = join(process.env.KENES_STATE, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(folder).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  const out = execFileSync("sqlite3", ["-readonly", "-json", join(folder, file), query], { encoding: "utf8" });
  return out.trim() ? JSON.parse(out) : [];
}

/// A JPEG segment: its marker, its length and its bytes.
export const jpegSegment = (marker, body) => Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255]), body]);

/// A JPEG well formed enough for its metadata to be found and dropped: a JFIF header, a
/// quantisation table, the start of the scan and `size` bytes in all, the rest random so that each
/// photo is its own. `exif` adds what a phone writes: where the photo was taken, by which phone.
export function jpeg(size = 2048, { exif } = {}) {
  const head = [Buffer.from([0xff, 0xd8]), jpegSegment(0xe0, Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1"))];
  if (exif) head.push(jpegSegment(0xe1, Buffer.from(`Exif\0\0${exif}`, "latin1")));
  head.push(jpegSegment(0xdb, Buffer.alloc(65, 1)), jpegSegment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])));
  const start = Buffer.concat(head);
  const scan = Buffer.alloc(Math.max(size - start.length - 2, 0));
  for (let i = 0; i < scan.length; i += 1) scan[i] = Math.floor(Math.random() * 255);
  return Buffer.concat([start, scan, Buffer.from([0xff, 0xd9])]);
}

/// The same picture without its EXIF, as Kenes keeps it.
export function withoutExif(bytes) {
  const at = bytes.indexOf(Buffer.from([0xff, 0xe1]));
  if (at < 0) return bytes;
  const length = bytes.readUInt16BE(at + 2);
  return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 2 + length)]);
}
