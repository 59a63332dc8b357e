-- Writes sent with an Idempotency-Key, so that a repeat (an outbox resending after a lost
-- answer) is answered with the first answer and done once. Neither the key nor the answer is
-- readable here: `id` is a hash of the key, and the answer, which may hold a tracking code, an
-- invitation code or a session cookie, is sealed under another hash of the key.

CREATE TABLE idempotent_writes (
    id TEXT PRIMARY KEY NOT NULL,
    -- SHA-256 of the method, path and body: the same key with another request is refused.
    request TEXT NOT NULL,
    started_at TEXT NOT NULL,
    -- The sealed answer, hex; NULL while the write is being done.
    answer TEXT
);
CREATE INDEX idempotent_writes_by_age ON idempotent_writes (started_at);
