-- Photos. The image itself is in R2 under photos/<id>; this row says what it belongs to, so that
-- it is served only to those who may see its subject. The id is made by the app, so a retried
-- upload finds the photo it already stored.

CREATE TABLE photos (
    id TEXT PRIMARY KEY NOT NULL,
    subject_id TEXT NOT NULL,
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes INTEGER NOT NULL CHECK (bytes > 0),
    created_at TEXT NOT NULL
);
CREATE INDEX photos_by_subject ON photos (subject_id, created_at, id);
