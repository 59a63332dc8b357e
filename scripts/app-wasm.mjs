// Builds the app's wasm split into pages, as Trunk's post-build step (Trunk.toml): Trunk cannot
// split a wasm module, and the first visit of the home page must not download every page.
//
// cargo build (with the linker's relocations) -> wasm-split-cli (one module for the app shell and
// home page, one per page marked as a split point in app/src/pages, chunks for code they share)
// -> wasm-bindgen (JS glue) -> wasm-opt -Oz on every module. The files land in
// <staging>/app/<content hash>/, served immutable, and index.html gets the module script that
// starts the app.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { declaredModules, filesOf } from "./split-modules.mjs";

const root = join(import.meta.dirname, "..");
const staging = process.env.TRUNK_STAGING_DIR ?? join(root, "dist");
const work = join(root, "target", "app-wasm");
const name = "kenes-app";

function run(command, args, env = {}) {
  execFileSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
}

// wasm-opt warns about every split module's name section; its output matters only on failure.
function quietly(command, args) {
  try {
    execFileSync(command, args, { cwd: root, stdio: "pipe" });
  } catch (error) {
    process.stderr.write(error.stderr ?? "");
    throw error;
  }
}

// Its own target directory: the relocation flag would otherwise rebuild the workspace's wasm32
// dependencies for clippy and the worker every time. Cargo's messages say where the app's build
// script wrote the file of texts of each language.
const messages = execFileSync(
  "cargo",
  ["build", "--release", "--target", "wasm32-unknown-unknown", "-p", name, "--target-dir", join(work, "cargo"), "--message-format=json-render-diagnostics"],
  { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: "-C link-args=--emit-relocs" }, maxBuffer: 256 * 1024 * 1024 },
);
const textsDir = messages
  .toString()
  .split("\n")
  .filter((line) => line.startsWith("{"))
  .map((line) => JSON.parse(line))
  .find((m) => m.reason === "build-script-executed" && m.package_id.includes(name))?.out_dir;
if (!textsDir) throw new Error("app-wasm: cargo did not say where the texts were written");
const LANGUAGES = ["kk", "ru", "en"];

const split = join(work, "split");
const bindgen = join(work, "bindgen");
const out = join(work, "out");
for (const dir of [split, bindgen, out]) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
run("wasm-split-cli", [join(work, "cargo", "wasm32-unknown-unknown", "release", `${name}.wasm`), split, "--out-name", name]);
run("wasm-bindgen", ["--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript", "--out-dir", bindgen, join(split, `${name}.wasm`)]);

// The features Rust enables for wasm32 by default; wasm-opt must accept what the code uses.
const features = ["bulk-memory", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "reference-types", "multivalue"];
const optimise = (from, to) =>
  quietly("wasm-opt", ["-Oz", "--strip-debug", "--strip-producers", ...features.map((f) => `--enable-${f}`), from, "-o", to]);
optimise(join(bindgen, `${name}_bg.wasm`), join(out, `${name}_bg.wasm`));
cpSync(join(bindgen, `${name}.js`), join(out, `${name}.js`));
for (const file of readdirSync(split)) {
  if (file.endsWith(".js")) cpSync(join(split, file), join(out, file));
  else if (file !== `${name}.wasm`) optimise(join(split, file), join(out, file));
}
// Each language's public texts, and those of the signed-in pages (app/build.rs).
for (const code of LANGUAGES) {
  for (const file of [`texts-${code}.txt`, `signed-in-texts-${code}.txt`]) cpSync(join(textsDir, file), join(out, file));
}

// One hash over every file: the modules refer to each other by relative names.
const files = readdirSync(out).sort();
const digest = createHash("sha256");
for (const file of files) digest.update(file).update(readFileSync(join(out, file)));
const base = `/app/${digest.digest("hex").slice(0, 16)}`;
rmSync(join(staging, "app"), { recursive: true, force: true });
cpSync(out, join(staging, base), { recursive: true });

const indexPath = join(staging, "index.html");
// The start script runs while the page is parsed, before the app's code has arrived. It fetches
// the texts of the reader's language, by the rule the app uses (i18n::initial_locale): the
// language remembered here, else the browser's first that Kenes speaks, else Russian. The home
// page, and a proposal, project or year opened by its address (a link shared in a chat), have
// their data fetched at once, with the address the app's client would use (app/src/api.rs:
// programmes, proposal, project, dashboard), which takes it (app/src/start.rs). A page opened by
// its address has its group's module preloaded once the first frame is drawn, or, with a first
// view (api/src/first_view.rs), once that is painted: so that it paints without waiting on the
// preloads' work and bandwidth, while the app's main module is still arriving. Each preload is a
// task of its own (together they were a long one on a slow phone), and none begins once the app
// runs (app/src/start.rs, app_running): it fetches what it needs itself. Where the server may
// write a first view (a shared proposal or project), the app's main module too waits for it to
// be painted (or for three seconds, should the tab be hidden): the reader has the text at once,
// without the module's 115 KB taking the bandwidth of the page's own few, and the app follows.
// Elsewhere the module is fetched from the head. The paths are the router's (app/src/router.rs);
// the groups those of app/src/pages/mod.rs.
const ID = "[0-9a-f-]{36}";
// [path, its group of pages (none: the shell has it), its first read, whether it may have a first view]
const PAGES = [
  [`^/$`, null, "/api/programmes"],
  [`^/proposals/${ID}$`, "proposals", "/api{path}", true],
  [`^/projects/${ID}$`, "projects", "/api{path}", true],
  [`^/programmes/${ID}/years/[0-9]{4}$`, "projects", "/api{path}/dashboard"],
  [`^/programmes/${ID}$`, "proposals", null],
  [`^/proposals$`, "proposals", null],
  [`^/grievances/new$`, "grievance", null],
  [`^/track(/[^/]*)?$`, "grievance", null],
];
const modules = declaredModules(readFileSync(join(out, "__wasm_split.js"), "utf8"));
const preload = Object.fromEntries(PAGES.filter(([, group]) => group).map(([, group]) => [group, filesOf(modules, [group])]));
const startScript =
  `(()=>{let l="ru";try{l=[localStorage.getItem("kenes.locale"),...navigator.languages].map(t=>(t||"").split(/[-_]/)[0].toLowerCase()).find(t=>${JSON.stringify(LANGUAGES)}.includes(t))||l}catch(e){}` +
  `const b="${base}",p=location.pathname,w=${JSON.stringify(PAGES)}.find(([x])=>new RegExp(x).test(p))||[],f=${JSON.stringify(preload)};` +
  `const u=w[2]&&w[2].replace("{path}",p),a=u&&fetch(u,{headers:{accept:"application/json"}});a&&a.catch(()=>{});` +
  `const k=(n)=>{const e=document.createElement("link");e.rel="preload";e.as="fetch";e.crossOrigin="";e.href=b+"/"+n;if(n.endsWith("_bg.wasm"))e.type="application/wasm";document.head.append(e)};` +
  `let s,r;const ready=new Promise(x=>r=x),m=()=>{if(s)return;s=1;k("${name}_bg.wasm");r()};` +
  `const g=()=>{m();for(const n of f[w[1]]||[])setTimeout(()=>{globalThis.kenesStart.app||k(n)})};` +
  `if(w[3])setTimeout(m,3000);else m();` +
  `requestAnimationFrame(()=>setTimeout(()=>{if(!document.getElementById("first-view")||!(PerformanceObserver.supportedEntryTypes||[]).includes("paint"))return g();` +
  `new PerformanceObserver((e,o)=>{if(e.getEntriesByName("first-contentful-paint").length){o.disconnect();g()}}).observe({type:"paint",buffered:true})}));` +
  `globalThis.kenesStart={base:b,lang:l,ready,text:fetch(b+"/texts-"+l+".txt").then(r=>r.ok?r.text():null,()=>null),read:u?{url:u,answer:a}:null}})()`;
// First in the head, before the stylesheet, which a script would otherwise wait for.
const early =
  `<link rel=modulepreload href=${base}/${name}.js>` +
  `<link rel=modulepreload href=${base}/__wasm_split.js>` +
  `<script>${startScript}</script>`;
const start = `<script type=module>import init from "${base}/${name}.js";kenesStart.ready.then(()=>init({module_or_path:"${base}/${name}_bg.wasm"}))</script>`;
const html = readFileSync(indexPath, "utf8");
const first = html.indexOf("<link");
const at = html.includes("</head>") ? html.indexOf("</head>") : html.indexOf("<body");
if (first < 0 || first > at) throw new Error("app-wasm: index.html has no <link> in its head to start before");
writeFileSync(indexPath, html.slice(0, first) + early + html.slice(first, at) + start + html.slice(at));
console.log(`app: ${files.length} files in ${base}/`);
