-- Allocations per council live in `allocations` (0001). Assessment and funding decisions: who
-- assesses which proposal and what they handed in, and the managers' decisions. An approval is
-- written only if it fits what remains of the council's allocation and the year's budget, checked
-- in the same statement, so two approvals racing for the last tenge cannot both succeed.

CREATE TABLE assignments (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    assessor_id TEXT NOT NULL REFERENCES members(id),
    assigned_at TEXT NOT NULL,
    -- The shared crate's Submission as JSON, once handed in.
    submission TEXT,
    submitted_at TEXT,
    PRIMARY KEY (proposal_id, assessor_id)
);
CREATE INDEX assignments_by_assessor ON assignments (assessor_id, submitted_at);

CREATE TABLE decisions (
    proposal_id TEXT PRIMARY KEY NOT NULL REFERENCES proposals(id),
    year_id TEXT NOT NULL REFERENCES programme_years(id),
    council_id TEXT NOT NULL REFERENCES councils(id),
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'decline', 'defer')),
    -- The approved amount; 0 for a decline or a deferral.
    amount INTEGER NOT NULL CHECK (amount >= 0),
    reason TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX decisions_by_year_council ON decisions (year_id, council_id, decision);
