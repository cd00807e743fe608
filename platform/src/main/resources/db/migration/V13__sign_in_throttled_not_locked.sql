-- Sign-in no longer locks accounts: failures are throttled per address and per user name in
-- memory (access.SignInGuard), so that a stranger cannot keep a real user out.
ALTER TABLE app_user DROP COLUMN failed_logins;
ALTER TABLE app_user DROP COLUMN locked_until;
