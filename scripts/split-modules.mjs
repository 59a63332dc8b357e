// The app's split modules as their loader declares them (__wasm_split.js, written by
// wasm-split-cli): each group of pages (app/src/pages/mod.rs) is a module that needs chunks of
// code it shares with other groups. Read at build time by app-wasm.mjs (the current page's files
// are preloaded), service-worker.mjs (the groups kept for offline use) and size-budget.mjs.

/// Every module and chunk: its file and the chunks it needs, by name (a group's name for a group).
export function declaredModules(loader) {
  const modules = new Map();
  const declaration = /(?:const __chunk_(\w+)|export const __wasm_split_load_(\w+)) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([\w.-]+)"[\s\S]*?\n, \[([^\]]*)\]/g;
  for (const m of loader.matchAll(declaration)) {
    const needs = m[4].split(",").map((n) => n.trim().replace(/^__chunk_/, "chunk ")).filter(Boolean);
    modules.set(m[1] !== undefined ? `chunk ${m[1]}` : m[2], { file: m[3], needs });
  }
  if (modules.size === 0) throw new Error("split modules: the loader declares none (has wasm-split-cli changed its output?)");
  return modules;
}

/// The files the groups need: their modules and every chunk those need, in loading order.
export function filesOf(modules, groups) {
  const files = [];
  const visit = (name) => {
    const module = modules.get(name);
    if (!module) throw new Error(`split modules: nothing declared as ${name}`);
    if (files.includes(module.file)) return;
    module.needs.forEach(visit);
    files.push(module.file);
  };
  groups.forEach(visit);
  return files;
}
