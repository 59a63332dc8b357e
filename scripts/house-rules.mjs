// The house rules a compiler does not check, checked on every test run (`scripts/test.sh unit`):
//
// - no circle of imports among the modules of shared/ or of app/ (a module is a top-level file
//   or folder of src/): each depends on those below it only, so each can be read and changed
//   from the bottom up;
// - the route files of api/ do not use each other: what two routes share lives in a service
//   module (api/src/records.rs and the like), not in one of them;
// - api/ builds no history event by hand: `shared` makes every event, with the transition that
//   causes it, so what is recorded cannot drift from what happened.
//
// Prints each breach with its file and line, and exits non-zero if there is one.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const root = join(import.meta.dirname, "..");
const breaches = [];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith(".rs") ? [path] : [];
  });
}

// Source without comments and string literals, line numbers kept.
function code(path) {
  return readFileSync(path, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/\/\/[^\n]*/g, "")
    .replace(/"(?:[^"\\]|\\.)*"/g, (s) => s.replace(/[^\n]/g, " "));
}

const lineOf = (text, index) => text.slice(0, index).split("\n").length;

// The top-level modules a file uses: `crate::name`, `crate::{a, b::c}`, and at the top level
// `super::name`.
function uses(text, topLevel) {
  const found = [];
  for (const m of text.matchAll(/\bcrate::(\{[^}]*\}|\w+)/g)) {
    const names = m[1].startsWith("{") ? m[1].slice(1, -1).split(",").map((n) => n.trim().split("::")[0]) : [m[1]];
    for (const name of names) if (name) found.push({ name, line: lineOf(text, m.index) });
  }
  if (topLevel) {
    for (const m of text.matchAll(/\bsuper::(\w+)/g)) found.push({ name: m[1], line: lineOf(text, m.index) });
  }
  return found;
}

function circles(crate) {
  const src = join(root, crate, "src");
  const moduleOf = (path) => {
    const parts = relative(src, path).split(sep);
    return parts.length > 1 ? parts[0] : parts[0].replace(/\.rs$/, "");
  };
  const roots = new Set(["lib", "main"]);
  const edges = new Map();
  for (const path of files(src)) {
    const from = moduleOf(path);
    if (roots.has(from) || from.endsWith("_test")) continue;
    const text = code(path);
    for (const { name, line } of uses(text, !relative(src, path).includes(sep))) {
      if (name === from || name === "self" || roots.has(name)) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(name)) edges.get(from).set(name, `${relative(root, path)}:${line}`);
    }
  }
  // Depth-first search; a grey module reached again closes a circle.
  const state = new Map();
  const stack = [];
  const visit = (module) => {
    state.set(module, "grey");
    stack.push(module);
    for (const [next, where] of edges.get(module) ?? []) {
      if (state.get(next) === "grey") {
        const circle = [...stack.slice(stack.indexOf(next)), next];
        breaches.push(`${crate}: import circle ${circle.join(" -> ")} (${module} -> ${next} at ${where})`);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(module, "black");
  };
  for (const module of [...edges.keys()].sort()) if (!state.has(module)) visit(module);
}

circles("shared");
circles("app");

const routes = join(root, "api", "src", "routes");
const routeFiles = readdirSync(routes).filter((f) => f.endsWith(".rs") && f !== "mod.rs").map((f) => f.replace(/\.rs$/, ""));
for (const file of routeFiles) {
  const path = join(routes, `${file}.rs`);
  const text = code(path);
  for (const m of text.matchAll(/\b(?:super|crate::routes)::(\w+)/g)) {
    if (routeFiles.includes(m[1]) && m[1] !== file) {
      breaches.push(`api/src/routes/${file}.rs:${lineOf(text, m.index)}: uses the route file ${m[1]}.rs; share through a service module instead`);
    }
  }
}

for (const path of files(join(root, "api", "src"))) {
  const text = code(path);
  for (const m of text.matchAll(/(?<!->\s*)\bEvent\s*\{/g)) {
    breaches.push(`${relative(root, path)}:${lineOf(text, m.index)}: builds an Event by hand; let the shared transition make it`);
  }
}

for (const breach of breaches) console.error(breach);
console.log(breaches.length ? `${breaches.length} breaches of the house rules` : "House rules hold: no import circle, no route file using another, no event built in api");
process.exit(breaches.length ? 1 : 0);
