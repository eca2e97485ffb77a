-- Buildings without a code get one from their position; two at the same position are told apart
-- by a suffix (-2, -3 … in file order), so generated codes never collide within a file.
UPDATE import_stage s SET code = s.code || '-' || d.n
FROM (
  SELECT idx, row_number() OVER (PARTITION BY target, code ORDER BY idx) AS n
  FROM import_stage WHERE generated
) d
WHERE s.idx = d.idx AND d.n > 1
