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
for (const code of LANGUAGES) cpSync(join(textsDir, `texts-${code}.txt`), join(out, `texts-${code}.txt`));

// One hash over every file: the modules refer to each other by relative names.
const files = readdirSync(out).sort();
const digest = createHash("sha256");
for (const file of files) digest.update(file).update(readFileSync(join(out, file)));
const base = `/app/${digest.digest("hex").slice(0, 16)}`;
rmSync(join(staging, "app"), { recursive: true, force: true });
cpSync(out, join(staging, base), { recursive: true });

const indexPath = join(staging, "index.html");
// The start script fetches the texts of the reader's language while the app downloads, by the
// rule the app uses (i18n::initial_locale): the language remembered here, else the browser's first
// that Kenes speaks, else Russian.
const guess =
  `let l="ru";try{l=[localStorage.getItem("kenes.locale"),...navigator.languages].map(t=>(t||"").split(/[-_]/)[0].toLowerCase()).find(t=>${JSON.stringify(LANGUAGES)}.includes(t))||l}catch(e){}` +
  `globalThis.kenesTexts={base:"${base}",lang:l,text:fetch("${base}/texts-"+l+".txt").then(r=>r.ok?r.text():null,()=>null)};`;
const start =
  `<link rel=modulepreload href=${base}/${name}.js>` +
  `<link rel=modulepreload href=${base}/__wasm_split.js>` +
  `<link rel=preload as=fetch crossorigin href=${base}/${name}_bg.wasm type=application/wasm>` +
  `<script type=module>import init from "${base}/${name}.js";${guess}init({module_or_path:"${base}/${name}_bg.wasm"})</script>`;
const html = readFileSync(indexPath, "utf8");
const at = html.includes("</head>") ? html.indexOf("</head>") : html.indexOf("<body");
writeFileSync(indexPath, html.slice(0, at) + start + html.slice(at));
console.log(`app: ${files.length} files in ${base}/`);
