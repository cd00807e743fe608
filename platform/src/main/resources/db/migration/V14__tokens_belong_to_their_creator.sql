-- API tokens belong to the user who created them and expire (access.TokenService). Tokens made
-- before get their creator as owner (through the token that made them, if a token did) and the
-- default lifetime of 90 days from now, so that none outlives its user or lives forever.
UPDATE api_token SET user_id = created_by
 WHERE kind = 'api' AND user_id IS NULL AND created_by IN (SELECT id FROM app_user);
UPDATE api_token child SET user_id = parent.user_id
  FROM api_token parent
 WHERE child.kind = 'api' AND child.user_id IS NULL AND child.created_by = 'token:' || parent.id;
UPDATE api_token SET expires_at = now() + interval '90 days'
 WHERE kind = 'api' AND expires_at IS NULL;
