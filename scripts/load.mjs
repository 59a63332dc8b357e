// Load figures against a local wrangler dev (loopback only), bounded in requests and time:
// p50/p99 of GET /api/health, of the public proposal list of a council with 100 proposals and of
// one with 10,000, and of casting votes; each next to health's p99 measured in the same run.
// Targets: votes p99 at most 3x health p99; the list at 10,000 at most 1.5x the list at 100.
// Prints the figures; exits non-zero only with --enforce and a target missed.
//
//   KENES_URL=http://127.0.0.1:8787 KENES_STATE=<wrangler state dir> node scripts/load.mjs
import { randomUUID } from "node:crypto";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { get, post, call, signIn, newCouncil, newMember, MANAGERS } from "../tests/api/client.mjs";

const BASE = process.env.KENES_URL ?? "http://127.0.0.1:8787";
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(BASE)) {
  console.error(`load.mjs runs against a local server only, not ${BASE}`);
  process.exit(2);
}
if (!process.env.KENES_STATE) {
  console.error("Set KENES_STATE to wrangler dev's --persist-to folder: the 10,000 proposals are written there directly.");
  process.exit(2);
}
const REQUESTS = Number(process.env.KENES_LOAD_REQUESTS ?? 400); // per measurement
const CONCURRENCY = 8;
const DEADLINE_MS = 5 * 60 * 1000; // the whole run
const started = Date.now();
const put = (path, options) => call("PUT", path, options);

/// Runs `request` `count` times, CONCURRENCY at once; the durations in milliseconds.
async function timed(name, request, count, first = 0) {
  const durations = [];
  let next = first;
  async function worker() {
    while (next < first + count && Date.now() - started < DEADLINE_MS) {
      const i = next++;
      const t0 = performance.now();
      const response = await request(i);
      durations.push(performance.now() - t0);
      if (response.status >= 400) throw new Error(`${name}: ${response.status} ${response.text.slice(0, 200)}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return durations;
}

/// Measures each of `kinds` ([name, request]) REQUESTS times, in two halves taken in mirrored
/// order (A B C D D C B A), after a few untimed requests of each: a slow moment of the machine's
/// own (a collection in workerd, another process ending) then falls on no figure alone, and none
/// includes a cold start. Each request still runs among others of its own kind. Per kind, p50 and
/// p99 in milliseconds.
async function measure(kinds) {
  for (const [name, request] of kinds) await timed(name, request, CONCURRENCY);
  const durations = kinds.map(() => []);
  const half = Math.ceil(REQUESTS / 2);
  const order = [...kinds.keys(), ...[...kinds.keys()].reverse()];
  for (const [turn, k] of order.entries()) {
    const [name, request] = kinds[k];
    const first = turn < kinds.length ? 0 : half;
    durations[k].push(...(await timed(name, request, turn < kinds.length ? half : REQUESTS - half, first)));
  }
  return kinds.map(([name], k) => {
    const sorted = durations[k].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { name, n: sorted.length, p50: at(0.5), p99: at(0.99) };
  });
}

/// Writes `count` submitted proposals of a council straight into the database, in one statement.
function seedProposals(programme, council, author, count, year) {
  const sql = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
INSERT INTO proposals (id, programme_id, council_id, author_id, title, description, category, village, estimated_cost, beneficiaries, status, year, created_at, updated_at)
SELECT lower(printf('%08x-0000-4000-8000-%012x', abs(random()) % 4294967296, i)), '${programme}', '${council}', '${author}',
  'Load proposal ' || i, 'Seeded for the load figures', 'water', 'Aksai', 1000000, 100, 'forwarded', ${year},
  strftime('%Y-%m-%dT%H:%M:%S', 'now', '-' || i || ' seconds') || '.000Z', strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.000Z'
FROM n;`;
  const file = join(mkdtempSync(join(tmpdir(), "kenes-load-")), "seed.sql");
  writeFileSync(file, sql);
  execFileSync("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", process.env.KENES_STATE, "--file", file], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CI: "1" },
  });
}

await post("/api/demo");
const manager = await signIn(MANAGERS.talas);
const talas = (await get("/api/programmes")).json.programmes.find((p) => p.name.startsWith("Talas"));
const small = await newCouncil(manager, "Load 100");
const large = await newCouncil(manager, "Load 10000");
const author = await newMember(manager, small.id, "Load author");
const year = new Date().getUTCFullYear();
seedProposals(talas.id, small.id, author.me.member, 100, year);
seedProposals(talas.id, large.id, author.me.member, 10_000, year);

// A proposal in its council vote, with members who change their votes; one member never votes,
// so the vote stays open for the whole run.
const voters = [];
for (let i = 0; i < 8; i += 1) voters.push(await newMember(manager, small.id, `Load voter ${i}`));
await newMember(manager, small.id, "Load abstainer");
const proposal = randomUUID();
const draft = { title: "Load vote", description: "A proposal voted on for the load figures", category: "water", village: "Aksai", estimated_cost: "1 000 000", beneficiaries: 100 };
if ((await put(`/api/proposals/${proposal}`, { cookie: voters[0].cookie, body: draft })).status !== 200) throw new Error("draft");
if ((await post(`/api/proposals/${proposal}/submit`, { cookie: voters[0].cookie })).status !== 200) throw new Error("submit");

// As the app's outbox sends it: with an Idempotency-Key, so a resend is not counted twice.
const ballot = (i) =>
  put(`/api/proposals/${proposal}/ballot`, {
    cookie: voters[i % voters.length].cookie,
    body: { choice: i % 2 ? "for" : "against" },
    headers: { "idempotency-key": randomUUID() },
  });
const results = await measure([
  ["GET /api/health", () => get("/api/health")],
  ["proposal list, council of 100", () => get(`/api/proposals?council=${small.id}`)],
  ["proposal list, council of 10,000", () => get(`/api/proposals?council=${large.id}`)],
  ["cast a vote", ballot],
]);

const healthP99 = results[0].p99;
const ms = (v) => `${v.toFixed(1)} ms`.padStart(10);
console.log(`${"measurement".padEnd(36)}${"n".padStart(6)}${"p50".padStart(10)}${"p99".padStart(10)}  p99 / health p99`);
for (const r of results) console.log(`${r.name.padEnd(36)}${String(r.n).padStart(6)}${ms(r.p50)}${ms(r.p99)}  ${(r.p99 / healthP99).toFixed(2)}x`);
const votes = results[3].p99 / healthP99;
const list = results[2].p99 / results[1].p99;
const targets = [
  [`votes p99 at most 3x health p99: ${votes.toFixed(2)}x`, votes <= 3],
  [`list at 10,000 at most 1.5x the list at 100 (p99): ${list.toFixed(2)}x`, list <= 1.5],
];
for (const [text, met] of targets) console.log(`${met ? "met" : "MISSED"}: ${text}`);
console.log(`${((Date.now() - started) / 1000).toFixed(0)} s in all`);
if (process.argv.includes("--enforce") && targets.some(([, met]) => !met)) process.exit(1);
