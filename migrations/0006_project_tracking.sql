-- Running a project in the open: the manager's dated updates, council members' monitoring
-- reports with the manager's answers, receipts for spending, and photos that belong to a
-- project. A project photo is uploaded first and stays visible to its uploader only until the
-- update, report or spending entry that carries it is posted: then it is public.

ALTER TABLE photos ADD COLUMN subject_kind TEXT NOT NULL DEFAULT 'proposal'
    CHECK (subject_kind IN ('proposal', 'pending', 'update', 'report', 'receipt'));
ALTER TABLE photos ADD COLUMN uploaded_by TEXT;
ALTER TABLE photos ADD COLUMN project_id TEXT;
CREATE INDEX photos_pending ON photos (project_id, uploaded_by, subject_kind);

ALTER TABLE spending ADD COLUMN receipt TEXT;
ALTER TABLE spending ADD COLUMN recorded_at TEXT;
ALTER TABLE milestones ADD COLUMN added_at TEXT;

CREATE TABLE project_updates (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects(id),
    date TEXT NOT NULL,
    body TEXT NOT NULL,
    posted_by TEXT NOT NULL REFERENCES members(id),
    posted_at TEXT NOT NULL
);
CREATE INDEX updates_by_project ON project_updates (project_id, posted_at);

CREATE TABLE monitoring_reports (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects(id),
    -- Kept for the council's own accountability; never shown to the public.
    member_id TEXT NOT NULL REFERENCES members(id),
    rating TEXT NOT NULL CHECK (rating IN ('on_track', 'concerns', 'problem')),
    comment TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    answer TEXT,
    answered_by TEXT REFERENCES members(id),
    answered_at TEXT
);
CREATE INDEX reports_by_project ON monitoring_reports (project_id, reported_at);
-- The managers' list: problems not yet answered.
CREATE INDEX reports_unanswered ON monitoring_reports (rating, answered_at);
