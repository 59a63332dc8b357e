// Writes dist/sw.js from public/sw.js: the build's version, the files of the app shell (cached
// when the worker installs), and the modules of the groups of pages council members use with no
// signal (cached once someone signs in). Run after Trunk and app-wasm.mjs.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { declaredModules, filesOf } from "./split-modules.mjs";

const root = join(import.meta.dirname, "..");
const dist = join(root, "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");

// The shell: the page itself and everything it refers to.
const shell = new Set(["/"]);
for (const m of html.matchAll(/\b(?:href|src)=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
  const url = m[1] ?? m[2] ?? m[3];
  if (url.startsWith("/") && existsSync(join(dist, url.split(/[?#]/)[0]))) shell.add(url.split(/[?#]/)[0]);
}
for (const [, url] of html.matchAll(/["'](\/app\/\w+\/[\w.-]+\.(?:js|wasm))["']/g)) shell.add(url);

// The groups of pages (app/src/pages/mod.rs) a council member opens with no signal: drafting,
// voting, following a project or a grievance, the lists that lead there, and the outbox.
const OFFLINE_GROUPS = ["proposals", "projects", "grievance", "member"];

const [folder] = readdirSync(join(dist, "app"));
const modules = declaredModules(readFileSync(join(dist, "app", folder, "__wasm_split.js"), "utf8"));
// With the member's pages, the signed-in pages' texts (app/build.rs), of every language: the
// app fetches its language's with the first such page, which may be before this worker ran.
const signedInTexts = readdirSync(join(dist, "app", folder)).filter((f) => /^signed-in-texts-\w+\.txt$/.test(f));
const offline = [...filesOf(modules, OFFLINE_GROUPS), ...signedInTexts].map((file) => `/app/${folder}/${file}`);

const list = (set) => JSON.stringify([...set].sort());
const source = readFileSync(join(root, "public", "sw.js"), "utf8");
const version = createHash("sha256").update(html).update(source).digest("hex").slice(0, 12);
const filled = source
  .replace("__VERSION__", version)
  .replace("__SHELL__", list(shell))
  .replace("__OFFLINE_FILES__", JSON.stringify(offline));
// Minified: every phone fetches it on its first visit.
const esbuild = process.env.ESBUILD_BIN ?? join(root, "node_modules", "@esbuild", "linux-x64", "bin", "esbuild");
writeFileSync(join(dist, "sw.js"), execFileSync(esbuild, ["--minify", "--loader=js", "--log-level=warning"], { input: filled }));
console.log(`dist/sw.js: version ${version}, ${shell.size} shell files, ${offline.length} files of ${OFFLINE_GROUPS.length} groups of pages kept once someone signs in`);
