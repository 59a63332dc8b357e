// Kenes on a weak signal. The app opens with no network; the last data read is shown from the
// phone, marked with when it was saved; and writes the app marks as able to wait (a draft, a
// photo, a vote, a report, a grievance) go into an outbox on the phone and are sent in order
// when the signal returns, each with its Idempotency-Key, so the API does each once.
//
// scripts/service-worker.mjs fills in VERSION, SHELL and OFFLINE_FILES when the app is built.
const VERSION = "__VERSION__";
// What the first page needs: cached when the worker installs.
const SHELL = __SHELL__;
// The modules of the pages council members use with no signal (and the chunks they need): kept
// once someone signs in.
const OFFLINE_FILES = __OFFLINE_FILES__;

const STATIC = `kenes-static-${VERSION}`;
// Named anew when what may be kept changes: the copies kept under older rules are dropped.
const DATA = "kenes-data-2";
const PHOTOS = "kenes-photos-2";
const KEPT = [STATIC, DATA, PHOTOS];
// A read that takes longer than this is answered from the phone's copy, if there is one.
const PATIENCE_MS = 6000;
const SAVED_AT = "kenes-saved-at";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("kenes-") && !KEPT.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(flush());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/outbox")) return event.respondWith(outboxRoute(request, url));
  if (request.method !== "GET") {
    if (request.headers.has("kenes-outbox")) event.respondWith(queue(request));
    else if (url.pathname === "/api/session") event.respondWith(forgettingData(request));
    return;
  }
  const api = url.pathname.startsWith("/api/");
  // A file opened or downloaded from the API (a CSV, say) goes straight to the network.
  if (request.mode === "navigate") return api ? undefined : event.respondWith(page(request));
  if (url.pathname.startsWith("/api/photos/")) return event.respondWith(cacheFirst(PHOTOS, request));
  if (api) return event.respondWith(data(request, event));
  event.respondWith(cacheFirst(STATIC, request));
});

/// Pages: the network's, or with no signal the app's shell, which routes on its own.
async function page(request) {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match("/")) ?? Response.error();
  }
}

/// Whether an answer may be kept on the phone. The API marks `private` what is one person's to
/// see (a grievance with its filer's contact, a tracking page, a draft's photo): a phone may be
/// shared, and nothing kept there may show more than the page showed its reader.
function keepable(response, request) {
  if (!response.ok) return false;
  // A private answer is kept only when its reader asked for it on this phone (a tracking page).
  return request?.headers.get("kenes-keep") === "on-phone" || !/\bprivate\b/i.test(response.headers.get("cache-control") ?? "");
}

/// The session ended (expired, or signed out elsewhere): whatever was kept of it goes.
async function forgetKept() {
  await Promise.all([caches.delete(DATA), caches.delete(PHOTOS)]);
}

/// Files that never change under their name, and photos: from the phone when it has them.
async function cacheFirst(name, request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.status === 401) await forgetKept();
  if (keepable(response)) {
    const copy = response.clone();
    caches.open(name).then((cache) => cache.put(request, copy));
  }
  return response;
}

/// Data: the network's answer, kept on the phone; with no answer in time, the kept copy with the
/// time it was saved, for the app to show.
async function data(request, event) {
  // The reader no longer wants this page kept on the phone.
  if (request.headers.get("kenes-keep") === "forget") await caches.open(DATA).then((cache) => cache.delete(request.url));
  const fresh = fetch(request).then(async (response) => {
    // The network answers again: what waits in the outbox goes now.
    if (mayWait) event.waitUntil(flush());
    if (response.status === 401) await forgetKept();
    if (keepable(response, request)) {
      const body = await response.clone().arrayBuffer();
      const headers = new Headers(response.headers);
      headers.set(SAVED_AT, new Date().toISOString());
      const cache = await caches.open(DATA);
      await cache.put(request, new Response(body, { status: response.status, headers }));
    }
    return response;
  });
  event.waitUntil(fresh.catch(() => undefined));
  const kept = caches.open(DATA).then((cache) => cache.match(request));
  const late = new Promise((resolve) => setTimeout(resolve, PATIENCE_MS));
  try {
    return await Promise.race([fresh, late.then(() => kept).then((copy) => copy ?? fresh)]);
  } catch {
    return (await kept) ?? Response.error();
  }
}

/// Signing in or out: what this phone kept of someone's data and photos is dropped. Signing out
/// also empties the outbox, even with no signal (the app signs out on the phone regardless): what
/// waits there would otherwise go with the session of whoever signs in next on this phone.
async function forgettingData(request) {
  if (request.method === "DELETE") await store("readwrite", (s) => asked(s.clear()));
  const response = await fetch(request);
  if (response.ok) await forgetKept();
  return response;
}

// The outbox: an IndexedDB store of writes, in the order they were made.

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("kenes", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

/// Runs `work` on the outbox store in one transaction; resolves with its result when committed.
async function store(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("outbox", mode);
    let result;
    Promise.resolve(work(tx.objectStore("outbox"))).then((r) => (result = r), reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
  });
}

const asked = (req) => new Promise((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
const items = () => store("readonly", (s) => asked(s.getAll()));
const item = (seq) => store("readonly", (s) => asked(s.get(seq)));
const save = (it) => store("readwrite", (s) => asked(s.put(it)));
const remove = (seq) => store("readwrite", (s) => asked(s.delete(seq)));

// Writes are taken into the outbox one at a time, so two at once cannot both miss each other.
let line = Promise.resolve();
function inLine(work) {
  const next = line.then(work, work);
  line = next.catch(() => undefined);
  return next;
}

/// Takes a write into the outbox and sends what waits. The page gets the write's own answer if
/// it came, or 202 with the item's number when it waits for the signal.
async function queue(request) {
  const isJson = (request.headers.get("content-type") ?? "").startsWith("application/json");
  const entry = {
    kind: request.headers.get("kenes-outbox"),
    method: request.method,
    url: request.url,
    contentType: request.headers.get("content-type"),
    key: request.headers.get("idempotency-key") ?? crypto.randomUUID(),
    // The member it was written for: the API refuses it under anyone else's session.
    member: request.headers.get("kenes-member"),
    body: isJson ? await request.text() : await request.blob(),
    state: "waiting",
    queuedAt: new Date().toISOString(),
  };
  mayWait = true;
  const seq = await inLine(async () => {
    // A draft saved again before the last save went replaces it where it stands in the line.
    const earlier = entry.method === "PUT" && (await items()).find((it) => it.state === "waiting" && it.method === "PUT" && it.url === entry.url);
    if (!earlier) return save(entry);
    await save({ ...entry, seq: earlier.seq });
    return earlier.seq;
  });
  await flush();
  const settled = await item(seq);
  if (settled && (settled.state === "sent" || settled.state === "refused" || settled.status === 401)) {
    await remove(seq); // the page has the answer and shows it
    const body = NO_BODY.includes(settled.status) ? null : settled.answer;
    return new Response(body, { status: settled.status, headers: { "content-type": "application/json" } });
  }
  return new Response(JSON.stringify({ queued: seq }), { status: 202, headers: { "content-type": "application/json" } });
}

let flushing;
// Whether the outbox may hold something to send: every read that reaches the network would
// otherwise look in IndexedDB. True when the worker starts, until a flush finds nothing left.
let mayWait = true;
/// Sends what waits, oldest first; stops at the first write that gets no answer, so that the
/// order holds. Each is sent with its key: a repeat is answered, not done again.
function flush() {
  flushing ??= sendWaiting().finally(() => (flushing = undefined));
  return flushing;
}

const NO_BODY = [204, 205, 304];

async function sendWaiting() {
  for (;;) {
    // "sending" is left only by a worker stopped mid-send: its write goes again, with its key.
    const waiting = (await items()).filter((it) => it.state === "waiting" || it.state === "sending");
    const it = waiting.sort((a, b) => a.seq - b.seq)[0];
    if (!it) {
      mayWait = false;
      return;
    }
    await save({ ...it, state: "sending" });
    let response;
    try {
      response = await fetch(it.url, {
        method: it.method,
        headers: { ...(it.contentType ? { "content-type": it.contentType } : {}), ...(it.member ? { "kenes-member": it.member } : {}), "idempotency-key": it.key },
        body: it.body,
        credentials: "same-origin",
      });
    } catch {
      await save({ ...it, state: "waiting" });
      await self.registration.sync?.register("outbox").catch(() => undefined);
      return;
    }
    const answer = await response.text();
    // Busy or failing on the server's side, or signed out: it waits, in the same order, until
    // the server can take it or its author has signed in again.
    const later = response.status >= 500 || response.status === 429 || response.status === 401 || (response.status === 409 && answer.includes('"in_progress"'));
    if (later) {
      await save({ ...it, state: "waiting", status: response.status, answer });
      return;
    }
    await save({ ...it, state: response.ok ? "sent" : "refused", status: response.status, answer, sentAt: new Date().toISOString() });
  }
}

/// The outbox as the app's outbox page reads it (answered here on the phone, never by the API).
async function outboxRoute(request, url) {
  const [, , , seq, action] = url.pathname.split("/");
  if (request.method === "POST" && seq === "keep-offline") {
    const cache = await caches.open(STATIC);
    const files = OFFLINE_FILES;
    await Promise.all(files.map((file) => cache.match(file).then((hit) => hit ?? cache.add(file).catch(() => undefined))));
  } else if (request.method === "POST" && seq === "flush") {
    await flush();
  } else if (request.method === "POST" && action === "resend") {
    const it = await item(Number(seq));
    if (it) await save({ ...it, state: "waiting", status: undefined, answer: undefined });
    await flush();
  } else if (request.method === "DELETE" && seq) {
    await remove(Number(seq));
  }
  const listed = (await items()).map((it) => ({
    seq: it.seq,
    kind: it.kind,
    method: it.method,
    path: new URL(it.url).pathname,
    state: it.state,
    queued_at: it.queuedAt,
    sent_at: it.sentAt ?? null,
    status: it.status ?? null,
    answer: it.answer ?? null,
    body: typeof it.body === "string" ? it.body : null,
  }));
  const open = listed.filter((it) => it.state !== "sent").length;
  const refused = listed.filter((it) => it.state === "refused").length;
  return new Response(JSON.stringify({ items: listed, open, refused }), { headers: { "content-type": "application/json", "cache-control": "no-store" } });
}
