// The first-visit size budget of the public home page: every file the page loads (HTML, JS,
// wasm, CSS, icons, manifest, the service worker, the texts of the reader's language) from
// dist/, plus the data it fetches when a server is given in KENES_URL. Prints raw, gzip and
// brotli bytes of each and fails when the brotli total exceeds the budget. Run after
// scripts/build.sh.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { declaredModules, filesOf } from "./split-modules.mjs";

const BUDGET_KB = 150; // everything the home page loads, brotli
const AIM_APP_KB = 120; // the app's wasm + JS, brotli: a target to print, not to fail on

const dist = join(import.meta.dirname, "..", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");

// What the browser fetches for the home page: referenced files, the icon and the manifest.
const referenced = new Set(["index.html"]);
// Attribute values may be quoted or, in minified HTML, bare.
for (const m of html.matchAll(/\b(?:href|src)=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
  const url = (m[1] ?? m[2] ?? m[3]).replace(/^\//, "").replace(/[#?].*$/, "");
  if (url && !/^https?:/.test(url) && existsSync(join(dist, url))) referenced.add(url);
}
for (const [, url] of html.matchAll(/["'(]\/?((?:app\/\w+\/)?[\w.-]+\.(?:js|wasm))["')]/g)) {
  if (existsSync(join(dist, url))) referenced.add(url);
}
// The modules those scripts import statically (the wasm glue imports the page loader).
for (const script of [...referenced].filter((f) => f.endsWith(".js"))) {
  const source = readFileSync(join(dist, script), "utf8");
  for (const [, url] of source.matchAll(/\bfrom\s*["'](\.\/[\w.-]+\.js)["']/g)) {
    const file = join(dirname(script), url);
    if (existsSync(join(dist, file))) referenced.add(file);
  }
}

// The service worker the page registers, and the texts of one language (the largest of them).
if (existsSync(join(dist, "sw.js"))) referenced.add("sw.js");
const appFolder = [...referenced].find((f) => f.startsWith("app/"))?.split("/").slice(0, 2).join("/");
const texts = appFolder
  ? readdirSync(join(dist, appFolder))
      .filter((f) => /^texts-\w+\.txt$/.test(f))
      .map((f) => join(appFolder, f))
      .sort((a, b) => measure(b, readFileSync(join(dist, b))).brotli - measure(a, readFileSync(join(dist, a))).brotli)
  : [];
if (texts.length) referenced.add(texts[0]);

const rows = [...referenced].map((file) => measure(file, readFileSync(join(dist, file))));
if (process.env.KENES_URL) {
  const response = await fetch(`${process.env.KENES_URL}/api/programmes`);
  rows.push(measure("GET /api/programmes (data)", Buffer.from(await response.arrayBuffer())));
}

function measure(name, bytes) {
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n) => (n / 1024).toFixed(1).padStart(8);
const sum = (list, key) => list.reduce((total, r) => total + r[key], 0);
console.log(`${"file".padEnd(44)}${"raw KB".padStart(8)}${"gzip KB".padStart(9)}${"br KB".padStart(8)}`);
for (const r of rows.sort((a, b) => b.brotli - a.brotli)) {
  console.log(`${r.name.padEnd(44)}${kb(r.raw)} ${kb(r.gzip)}${kb(r.brotli)}`);
}
const later = readdirSync(join(dist, "app"), { recursive: true })
  .map((f) => join("app", f))
  .filter((f) => f.endsWith(".wasm") && !referenced.has(f))
  .map((f) => measure(f, readFileSync(join(dist, f))));
console.log(`pages fetched when first shown: ${later.length} modules, ${(sum(later, "brotli") / 1024).toFixed(1)} KB brotli in all, largest ${(Math.max(0, ...later.map((r) => r.brotli)) / 1024).toFixed(1)} KB`);
// What opening a page of each group adds to the shell (app/src/pages/mod.rs).
const groupSize = new Map();
if (appFolder) {
  const modules = declaredModules(readFileSync(join(dist, appFolder, "__wasm_split.js"), "utf8"));
  const groups = [...modules.keys()].filter((name) => !name.startsWith("chunk "));
  for (const group of groups) {
    const files = filesOf(modules, [group]).map((file) => later.find((r) => r.name === join(appFolder, file)));
    groupSize.set(group, sum(files, "brotli"));
    console.log(`  ${group.padEnd(12)}${String(files.length).padStart(3)} files ${(sum(files, "brotli") / 1024).toFixed(1).padStart(7)} KB brotli`);
  }
}
// The signed-in pages' texts (app/build.rs), fetched with the first of those pages.
if (appFolder) {
  const signedIn = readdirSync(join(dist, appFolder))
    .filter((f) => /^signed-in-texts-\w+\.txt$/.test(f))
    .map((f) => measure(f, readFileSync(join(dist, appFolder, f))).brotli);
  console.log(`signed-in pages' texts: ${(Math.max(0, ...signedIn) / 1024).toFixed(1)} KB brotli (largest language), with the first such page`);
}
const total = { raw: sum(rows, "raw"), gzip: sum(rows, "gzip"), brotli: sum(rows, "brotli") };
console.log(`${"total (first visit of the home page)".padEnd(44)}${kb(total.raw)} ${kb(total.gzip)}${kb(total.brotli)}`);
const app = rows.filter((r) => /\.(js|wasm)$/.test(r.name));
console.log(`app wasm + JS: ${(sum(app, "brotli") / 1024).toFixed(1)} KB brotli (aim: ${AIM_APP_KB} KB)`);
console.log(`budget: ${(total.brotli / 1024).toFixed(1)} of ${BUDGET_KB} KB brotli`);
let failed = false;
if (total.brotli > BUDGET_KB * 1024) {
  console.error(`Over budget by ${((total.brotli - BUDGET_KB * 1024) / 1024).toFixed(1)} KB`);
  failed = true;
}

// The first visit of the pages people are sent to (a shared proposal or project link, the
// grievance form): the home page's files without its data, plus the page group's code. Each is
// held at the figure in size-holds.json: none may grow. When one shrinks, lower its figure there.
const holds = JSON.parse(readFileSync(join(import.meta.dirname, "size-holds.json"), "utf8"));
const shell = sum(rows.filter((r) => !r.name.startsWith("GET ")), "brotli");
for (const [page, { group, kb: held }] of Object.entries(holds)) {
  if (!groupSize.has(group)) {
    console.error(`${page}: no page group "${group}" in the build`);
    failed = true;
    continue;
  }
  const size = (shell + groupSize.get(group)) / 1024;
  const verdict = size > held ? `GREW past ${held} KB` : `held at ${held} KB`;
  console.log(`first visit of ${page.padEnd(24)}${size.toFixed(1).padStart(7)} KB brotli, code included (${verdict})`);
  if (size > held) failed = true;
}
if (failed) process.exit(1);
