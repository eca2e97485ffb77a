-- Codes given more than once in the file (per target table): every occurrence after the first.
-- Output: idx (the repeat), code, first_idx (the row that has it first).
SELECT idx, code, first_idx
FROM (
  SELECT idx, code, min(idx) OVER (PARTITION BY target, code) AS first_idx
  FROM import_stage
) s
WHERE idx <> first_idx
ORDER BY idx
