-- Communities for plan evaluation (attributes only; shapes come from plan_community_shapes).
-- Output: code, name, street_code, households, population, elderly, properties
SELECT code, name, street_code, households, population, elderly, properties
FROM community
ORDER BY code;
