-- Accounts, invitations, sessions and rate limits. Passwords are PBKDF2-SHA256 hashes with their
-- own salt and iteration count; invitation codes and session tokens are stored only as SHA-256
-- hashes, so a copy of the database signs nobody in.

CREATE TABLE members (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    council_id TEXT REFERENCES councils(id),
    role TEXT NOT NULL CHECK (role IN ('council_member', 'assessor', 'manager')),
    display_name TEXT NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    password_salt TEXT NOT NULL,
    password_iterations INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((role = 'council_member') = (council_id IS NOT NULL))
);
CREATE INDEX members_by_council ON members (council_id);
CREATE INDEX members_by_programme ON members (programme_id, role);

CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    council_id TEXT REFERENCES councils(id),
    role TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES members(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by TEXT REFERENCES members(id),
    revoked_at TEXT
);
CREATE INDEX invitations_by_programme ON invitations (programme_id, created_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES members(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_by_member ON sessions (member_id);

-- Fixed-window counters: the key names what is limited (a phone number's hash, an address).
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY NOT NULL,
    window_start TEXT NOT NULL,
    count INTEGER NOT NULL
);
