-- Each kind of record is its own id space in the history: a chain belongs to a kind and an id,
-- so an id that a client chose for a draft can never append to a project's or a programme's
-- history. SQLite cannot change a primary key in place, so the table is copied.
CREATE TABLE events_by_kind (
    subject_kind TEXT NOT NULL
        CHECK (subject_kind IN ('programme', 'proposal', 'project', 'grievance')),
    subject_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (subject_kind, subject_id, seq)
);
INSERT INTO events_by_kind (subject_kind, subject_id, seq, at, body, hash)
    SELECT subject_kind, subject_id, seq, at, body, hash FROM events;
DROP TABLE events;
ALTER TABLE events_by_kind RENAME TO events;
