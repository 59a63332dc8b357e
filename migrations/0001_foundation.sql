-- Programmes, councils, the programme year with its allocations, projects with what they
-- produced and spent, and the hash-chained history. Amounts are whole tenge (INTEGER); times
-- are RFC 3339 UTC text; dates are YYYY-MM-DD; ids are UUID text.

CREATE TABLE programmes (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    operator TEXT NOT NULL,
    region TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE councils (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (programme_id, name)
);

CREATE TABLE programme_years (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    year INTEGER NOT NULL,
    budget INTEGER NOT NULL CHECK (budget > 0),
    -- The rubric weights, vote rules and grievance deadlines as the shared crate serialises them.
    rubric TEXT NOT NULL,
    assessors_required INTEGER NOT NULL CHECK (assessors_required > 0),
    vote_rules TEXT NOT NULL,
    grievance_deadlines TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    UNIQUE (programme_id, year)
);

CREATE TABLE allocations (
    year_id TEXT NOT NULL REFERENCES programme_years(id),
    council_id TEXT NOT NULL REFERENCES councils(id),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (year_id, council_id)
);

CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    council_id TEXT NOT NULL REFERENCES councils(id),
    proposal_id TEXT,
    title TEXT NOT NULL,
    category TEXT NOT NULL,
    year INTEGER NOT NULL,
    budget INTEGER NOT NULL CHECK (budget > 0),
    beneficiaries INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX projects_by_programme_year ON projects (programme_id, year);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    title TEXT NOT NULL,
    due TEXT NOT NULL,
    done TEXT
);
CREATE INDEX milestones_by_project ON milestones (project_id);

CREATE TABLE spending (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    date TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    purpose TEXT NOT NULL
);
CREATE INDEX spending_by_project ON spending (project_id);

CREATE TABLE outputs (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit TEXT NOT NULL,
    what TEXT NOT NULL
);
CREATE INDEX outputs_by_project ON outputs (project_id);

-- Activities planned for a coming half-year of a programme year, later marked done or not.
CREATE TABLE planned_activities (
    id INTEGER PRIMARY KEY,
    year_id TEXT NOT NULL REFERENCES programme_years(id),
    title TEXT NOT NULL,
    year INTEGER NOT NULL,
    half INTEGER NOT NULL CHECK (half IN (1, 2)),
    expected_cost INTEGER NOT NULL CHECK (expected_cost > 0),
    done INTEGER
);

-- The history: one hash chain per subject. The primary key makes two racing appends to the
-- same chain collide, so one of them fails and is retried instead of forking the chain.
CREATE TABLE events (
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (subject_id, seq)
);
