-- Whom an invitation is for, as the inviting manager wrote it, so that invitations of one role
-- and council can be told apart before one is revoked.
ALTER TABLE invitations ADD COLUMN note TEXT;
