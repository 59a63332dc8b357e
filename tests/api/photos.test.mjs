// Photos of proposals: only images (by their bytes, not their claimed type), at most 10 MB and
// five per proposal, added by the council's members while the proposal is a draft, and served
// only to those who may see the proposal.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { get, post, call, del, signIn, newCouncil, newMember, freshPhone, freshAddress, sessionCookie, MANAGERS, BASE, jpeg, withoutExif } from "./client.mjs";

const put = (path, options) => call("PUT", path, options);

const upload = (cookie, proposal, photo, bytes, type = "image/jpeg") =>
  put(`/api/proposals/${proposal}/photos/${photo}`, { cookie, body: bytes, headers: { "content-type": type } });

let manager;
let member;
let colleague;
let outsider;
let assessor;
let otherManager;
before(async () => {
  await post("/api/demo");
  manager = await signIn(MANAGERS.kpo);
  const council = await newCouncil(manager, "Photo council");
  member = await newMember(manager, council.id, "Aigerim");
  colleague = await newMember(manager, council.id, "Bolat");
  outsider = await newMember(manager, (await newCouncil(manager, "Other photo council")).id, "Yerlan");
  const invitation = await post("/api/invitations", { cookie: manager, body: { role: "assessor" } });
  const redeemed = await post("/api/invitations/redeem", {
    body: { code: invitation.json.code, name: "Assessor", phone: freshPhone(), password: "assessor password" },
    headers: { "cf-connecting-ip": freshAddress() },
  });
  assert.equal(redeemed.status, 201, redeemed.text);
  assessor = sessionCookie(redeemed);
  otherManager = await signIn(MANAGERS.talas);
});

async function newDraft() {
  const id = randomUUID();
  const body = {
    title: "A playground for Aksai",
    description: "Swings, a slide and a fence for the village's children.",
    category: "sport_and_culture",
    village: "Aksai",
    estimated_cost: "3 000 000",
    beneficiaries: 200,
    location: null,
  };
  const response = await put(`/api/proposals/${id}`, { cookie: member.cookie, body });
  assert.equal(response.status, 200, response.text);
  return id;
}

const photosOf = async (id) => (await get(`/api/proposals/${id}`, { cookie: member.cookie })).json.photos;

test("a member's photo is stored once however often it is sent, and read back as sent", async () => {
  const id = await newDraft();
  const photo = randomUUID();
  const bytes = jpeg();
  assert.equal((await upload(member.cookie, id, photo, bytes)).status, 204);
  assert.equal((await upload(member.cookie, id, photo, bytes)).status, 204, "a retry is not a second photo");
  assert.deepEqual(await photosOf(id), [photo]);

  const back = await get(`/api/photos/${photo}`, { cookie: colleague.cookie });
  assert.equal(back.status, 200);
  assert.equal(back.headers.get("content-type"), "image/jpeg");
  assert.match(back.headers.get("cache-control"), /private/, "a draft's photo stays out of shared caches");
  assert.ok(back.bytes.equals(bytes), "the same bytes come back");
});

test("a proposal's photo is kept without what the phone wrote into it: where, when and which phone", async () => {
  const id = await newDraft();
  const photo = randomUUID();
  const bytes = jpeg(4096, { exif: "GPS 51.1722N 53.0031E 2026:11:30 08:12:44 SM-A125F serial R58N90" });
  assert.equal((await upload(member.cookie, id, photo, bytes)).status, 204);
  const back = await get(`/api/photos/${photo}`, { cookie: colleague.cookie });
  assert.ok(!back.bytes.includes(Buffer.from("SM-A125F")), "the phone's EXIF is not kept");
  assert.ok(back.bytes.equals(withoutExif(bytes)), "the picture itself is untouched");
});

test("a draft's photos are hidden from the public and other councils, then public once submitted", async () => {
  const id = await newDraft();
  const photo = randomUUID();
  await upload(member.cookie, id, photo, jpeg());
  assert.equal((await get(`/api/photos/${photo}`)).status, 404);
  assert.equal((await get(`/api/photos/${photo}`, { cookie: outsider.cookie })).status, 404);

  assert.equal((await post(`/api/proposals/${id}/submit`, { cookie: member.cookie })).status, 200);
  const shown = await get(`/api/photos/${photo}`);
  assert.equal(shown.status, 200);
  assert.match(shown.headers.get("cache-control"), /public/);
  assert.deepEqual((await get(`/api/proposals/${id}`)).json.photos, [photo]);

  const late = await upload(member.cookie, id, randomUUID(), jpeg());
  assert.deepEqual([late.status, late.json.reason], [409, "wrong_status"]);
  const removal = await del(`/api/proposals/${id}/photos/${photo}`, { cookie: member.cookie });
  assert.deepEqual([removal.status, removal.json.reason], [409, "wrong_status"]);
  assert.deepEqual((await get(`/api/proposals/${id}`)).json.photos, [photo], "nothing changed");
});

test("files that are not images, too large or empty are refused and nothing is stored", async () => {
  const id = await newDraft();
  const pdf = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n");
  const claimed = await upload(member.cookie, id, randomUUID(), pdf, "image/jpeg");
  assert.deepEqual([claimed.status, claimed.json.error], [415, "unsupported_media_type"]);
  const svg = await upload(member.cookie, id, randomUUID(), Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/svg+xml");
  assert.equal(svg.status, 415);

  const big = await upload(member.cookie, id, randomUUID(), jpeg(10 * 1024 * 1024 + 1));
  assert.deepEqual([big.status, big.json.error, big.json.max_bytes], [413, "payload_too_large", 10 * 1024 * 1024]);

  const empty = await upload(member.cookie, id, randomUUID(), Buffer.alloc(0));
  assert.deepEqual([empty.status, empty.json.field, empty.json.problem?.code], [422, "photo", "empty"]);
  assert.deepEqual(await photosOf(id), []);
});

test("a proposal carries at most five photos, even when they are sent at once", async () => {
  const id = await newDraft();
  const results = await Promise.all(Array.from({ length: 8 }, () => upload(member.cookie, id, randomUUID(), jpeg())));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [204, 204, 204, 204, 204, 409, 409, 409]);
  assert.ok(results.filter((r) => r.status === 409).every((r) => r.json.reason === "too_many_photos"));
  assert.equal((await photosOf(id)).length, 5);
});

test("a photo removed from a draft is gone", async () => {
  const id = await newDraft();
  const [kept, removed] = [randomUUID(), randomUUID()];
  await upload(member.cookie, id, kept, jpeg());
  await upload(member.cookie, id, removed, jpeg());
  assert.equal((await del(`/api/proposals/${id}/photos/${removed}`, { cookie: colleague.cookie })).status, 204);
  assert.deepEqual(await photosOf(id), [kept]);
  assert.equal((await get(`/api/photos/${removed}`, { cookie: member.cookie })).status, 404);
});

test("only the council's members add or remove photos, from this origin", async () => {
  const id = await newDraft();
  const photo = randomUUID();
  await upload(member.cookie, id, photo, jpeg());
  const attempts = [
    [await upload(undefined, id, randomUUID(), jpeg()), 401],
    [await upload(outsider.cookie, id, randomUUID(), jpeg()), 404],
    [await upload(manager, id, randomUUID(), jpeg()), 404],
    [await upload(assessor, id, randomUUID(), jpeg()), 404],
    [await upload(otherManager, id, randomUUID(), jpeg()), 404],
    [await get(`/api/photos/${photo}`, { cookie: assessor }), 404],
    [await get(`/api/photos/${photo}`, { cookie: otherManager }), 404],
    [await del(`/api/proposals/${id}/photos/${photo}`, { cookie: outsider.cookie }), 404],
    [await del(`/api/proposals/${id}/photos/${photo}`), 401],
    [await put(`/api/proposals/${id}/photos/${randomUUID()}`, { cookie: member.cookie, body: jpeg(), headers: { "content-type": "image/jpeg", origin: "https://elsewhere.example" } }), 403],
  ];
  for (const [response, status] of attempts) assert.equal(response.status, status, response.text);
  assert.deepEqual(await photosOf(id), [photo], "nothing changed");
});

test("a photo id of another proposal cannot be taken over", async () => {
  const [first, second] = [await newDraft(), await newDraft()];
  const photo = randomUUID();
  await upload(member.cookie, first, photo, jpeg());
  assert.equal((await upload(member.cookie, second, photo, jpeg())).status, 404);
  assert.equal((await del(`/api/proposals/${second}/photos/${photo}`, { cookie: member.cookie })).status, 404);
  assert.deepEqual(await photosOf(first), [photo]);
  assert.deepEqual(await photosOf(second), []);
});

test("malformed photo ids are not found", async () => {
  const id = await newDraft();
  assert.equal((await get("/api/photos/not-a-uuid")).status, 404);
  assert.equal((await upload(member.cookie, id, "not-a-uuid", jpeg())).status, 404);
});

/// A body sent in pieces with no Content-Length, as a client streaming an upload sends it.
async function chunkedUpload(path, { cookie, megabytes }) {
  const piece = Buffer.alloc(1024 * 1024, 0x41);
  let sent = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(new Uint8Array(jpeg(1024)));
      if (sent >= megabytes) return controller.close();
      sent += 1;
      controller.enqueue(new Uint8Array(piece));
    },
  });
  const headers = { "content-type": "image/jpeg", origin: BASE, ...(cookie ? { cookie } : {}) };
  const response = await fetch(BASE + path, { method: "PUT", body, headers, duplex: "half" });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

test("an upload sent without its length is refused as soon as it passes the limit", async () => {
  const id = await newDraft();
  const refused = await chunkedUpload(`/api/proposals/${id}/photos/${randomUUID()}`, { cookie: member.cookie, megabytes: 12 });
  assert.deepEqual([refused.status, refused.json?.error], [413, "payload_too_large"]);
  assert.deepEqual(await photosOf(id), [], "nothing was stored");
});

test("an upload is authorised before its body is read: without a session, 401 whatever its size", async () => {
  const id = await newDraft();
  const anonymous = await chunkedUpload(`/api/proposals/${id}/photos/${randomUUID()}`, { megabytes: 12 });
  assert.equal(anonymous.status, 401, "refused for who sent it, not for its size");
  const unknownCode = await chunkedUpload(`/api/track/KX7P-3M9Q-T2HV-C/photos/${randomUUID()}`, { megabytes: 12 });
  assert.ok([404, 422].includes(unknownCode.status), `no grievance, no upload: ${unknownCode.status}`);
});
