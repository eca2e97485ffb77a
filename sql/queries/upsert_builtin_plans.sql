-- Loads the built-in plan profiles (seeds/plans/*.json): inserts missing ones and refreshes those the
-- user has not edited. User profiles, and built-ins a user edited (modified), are left alone.
-- $1: jsonb array of validated profiles
-- Output: id of each profile inserted or refreshed
INSERT INTO plan_profile (id, profile, builtin)
SELECT p->>'id', p, true
FROM jsonb_array_elements($1::jsonb) AS p
ON CONFLICT (id) DO UPDATE
  SET profile = EXCLUDED.profile, revision = plan_profile.revision + 1, updated_at = now()
  WHERE plan_profile.builtin AND NOT plan_profile.modified AND plan_profile.profile IS DISTINCT FROM EXCLUDED.profile
RETURNING id;
