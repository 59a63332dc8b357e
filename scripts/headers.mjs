// Writes dist/_headers: the security headers of every static file, with a Content-Security-Policy
// that allows exactly the app's own scripts (the module Trunk inlines to start the wasm is allowed
// by its hash), and long-lived caching for the files whose names carry a content hash.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dist = join(import.meta.dirname, "..", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inline.map((body) => `'sha256-${createHash("sha256").update(body).digest("base64")}'`);

const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// Trunk names the built files <name>-<hash>.<ext>, and the app's modules live in /app/<hash>/;
// those never change under the same name.
const hashed = readdirSync(dist).filter((f) => /-[0-9a-f]{12,}(_bg)?\.(js|wasm|css)$/.test(f));

const rules = [
  "/*",
  `  Content-Security-Policy: ${csp}`,
  "  Strict-Transport-Security: max-age=63072000; includeSubDomains",
  "  X-Content-Type-Options: nosniff",
  "  Referrer-Policy: strict-origin-when-cross-origin",
  "  X-Frame-Options: DENY",
  "  Permissions-Policy: camera=(self), geolocation=(self), microphone=()",
  "  Cross-Origin-Opener-Policy: same-origin",
  ...[...hashed, "app/*"].flatMap((file) => [`/${file}`, "  Cache-Control: public, max-age=31536000, immutable"]),
  // The service worker is looked at on every visit, so a new build reaches phones at once.
  "/sw.js",
  "  Cache-Control: no-cache",
  "",
];
writeFileSync(join(dist, "_headers"), rules.join("\n"));
console.log(`dist/_headers: ${inline.length} inline script(s) allowed by hash, ${hashed.length} immutable file(s)`);
