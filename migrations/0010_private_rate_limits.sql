-- Rate-limit counts that cannot join a filing to a person. A key is a keyed hash (HMAC under
-- the worker's secret, with a purpose of its own for each limit) of an address, a phone number
-- or a device, so it can be neither reversed nor matched across limits; every window starts on
-- the clock; a row is dropped once its window has ended. The old rows were keyed by plain
-- SHA-256 and are dropped with their table.
DROP TABLE rate_limits;
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    count INTEGER NOT NULL
);
CREATE INDEX rate_limits_by_end ON rate_limits (window_end);

-- Devices an account has signed in on, so that a stranger's wrong passwords for a phone number
-- do not keep its owner out. The device's cookie holds a random token; only its hash is here.
CREATE TABLE known_devices (
    token_hash TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES members(id),
    expires_on TEXT NOT NULL
);
CREATE INDEX known_devices_by_member ON known_devices (member_id);
