-- Grievances and personal reception. An anonymous grievance's row holds nothing that
-- identifies a person: no name, no phone, no address, no account. A named one's contact is
-- seen only by managers of its programme. The tracking code is kept only as its SHA-256, so the
-- table alone does not let anyone follow a grievance.

CREATE TABLE grievances (
    id TEXT PRIMARY KEY NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    -- The calendar year of filing, for the year's statistics.
    year INTEGER NOT NULL,
    category TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'hotline', 'complaint_box', 'personal_reception')),
    -- The language of a hotline call.
    language TEXT,
    village TEXT NOT NULL,
    description TEXT NOT NULL,
    filer_name TEXT,
    filer_phone TEXT,
    -- The deadlines promised when it was filed: a later change of the year's settings does not
    -- move them.
    acknowledge_days INTEGER NOT NULL CHECK (acknowledge_days > 0),
    answer_days INTEGER NOT NULL CHECK (answer_days >= acknowledge_days),
    status TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    acknowledged_at TEXT,
    answer TEXT,
    answered_at TEXT,
    appeal TEXT,
    appealed_at TEXT,
    appeal_answer TEXT,
    appeal_answered_at TEXT,
    CHECK ((filer_name IS NULL) = (filer_phone IS NULL))
);
CREATE INDEX grievances_open ON grievances (programme_id, status, filed_at);
CREATE INDEX grievances_by_year ON grievances (programme_id, year);
-- Refusing the same text filed twice over the web in a day.
CREATE INDEX grievances_by_text ON grievances (programme_id, description);

-- Photos sent with a grievance: seen by managers of its programme only.
CREATE TABLE grievance_photos (
    id TEXT PRIMARY KEY NOT NULL,
    grievance_id TEXT NOT NULL REFERENCES grievances(id),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes INTEGER NOT NULL CHECK (bytes > 0),
    created_at TEXT NOT NULL
);
CREATE INDEX grievance_photos_by_grievance ON grievance_photos (grievance_id, created_at);

-- Published hours of personal reception: who, where, which days and times, which languages.
CREATE TABLE receptions (
    id INTEGER PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    receiver TEXT NOT NULL,
    place TEXT NOT NULL,
    -- Days, from and until as the shared crate serialises them.
    hours TEXT NOT NULL,
    languages TEXT NOT NULL,
    published_by TEXT NOT NULL REFERENCES members(id),
    published_at TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX receptions_by_programme ON receptions (programme_id, withdrawn_at);
