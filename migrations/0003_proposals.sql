-- Proposals, their council votes and ballots. A proposal's id is made by the app, so that a
-- retried request finds the proposal it already made. One ballot per member per proposal is
-- enforced by the primary key, whatever the requests race to do.

CREATE TABLE proposals (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    council_id TEXT NOT NULL REFERENCES councils(id),
    author_id TEXT NOT NULL REFERENCES members(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    village TEXT NOT NULL,
    estimated_cost INTEGER NOT NULL CHECK (estimated_cost > 0),
    beneficiaries INTEGER NOT NULL CHECK (beneficiaries >= 0),
    latitude REAL,
    longitude REAL,
    status TEXT NOT NULL,
    year INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The public list: newest first, filtered by programme, council, category, status or year.
CREATE INDEX proposals_newest ON proposals (created_at DESC, id DESC);
CREATE INDEX proposals_by_programme ON proposals (programme_id, created_at DESC, id DESC);
CREATE INDEX proposals_by_council ON proposals (council_id, created_at DESC, id DESC);
CREATE INDEX proposals_by_status ON proposals (status, created_at DESC, id DESC);

CREATE TABLE votes (
    proposal_id TEXT PRIMARY KEY NOT NULL REFERENCES proposals(id),
    opened_at TEXT NOT NULL,
    deadline TEXT NOT NULL,
    -- The shared crate's VoteRules and the member ids entitled to vote, as JSON.
    rules TEXT NOT NULL,
    electorate TEXT NOT NULL
);
CREATE INDEX votes_by_deadline ON votes (deadline);

CREATE TABLE ballots (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    choice TEXT NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
    cast_at TEXT NOT NULL,
    PRIMARY KEY (proposal_id, member_id)
);
