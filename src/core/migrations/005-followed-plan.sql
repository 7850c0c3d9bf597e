-- Schema 5: a household's plan is the one it follows.
--
-- The caseload's plan status was that of the latest plan agreed; a new
-- draft with no date yet sorted behind an older completed plan, so the
-- caseload said "completed" while the family page showed the draft. The
-- plan a household follows is a draft or active one, before the latest
-- agreed: the same rule as bie_store_household_plan().

DROP VIEW household_facts_source;

CREATE VIEW household_facts_source AS
SELECT *, caseload_priority (open_risks, next_due, last_contact, youngest_birth, oldest_birth,
                             pregnant, caregiver) AS priority
FROM (
SELECT h.id AS household_id,
       (SELECT p.given_names || ' ' || p.family_names FROM person p
        WHERE p.household_id = h.id AND p.deleted = 0
        ORDER BY p.relationship <> 'head', p.birth_date LIMIT 1) AS head_name,
       (SELECT count (*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0) AS n_members,
       (SELECT count (*) FROM risk r WHERE r.household_id = h.id AND r.deleted = 0
        AND r.status <> 'closed') AS open_risks,
       (SELECT group_concat (code, ',') FROM
          (SELECT DISTINCT r.code FROM risk r WHERE r.household_id = h.id AND r.deleted = 0
           AND r.status <> 'closed' ORDER BY r.code)) AS risk_codes,
       EXISTS (SELECT 1 FROM risk r WHERE r.household_id = h.id AND r.deleted = 0
               AND r.status <> 'closed'
               AND r.code IN ('pregnancy', 'pregnancy-no-prenatal-control')) AS pregnant,
       EXISTS (SELECT 1 FROM risk r WHERE r.household_id = h.id AND r.deleted = 0
               AND r.status <> 'closed' AND r.code = 'caregiver-burden') AS caregiver,
       (SELECT max (p.birth_date) FROM person p WHERE p.household_id = h.id AND p.deleted = 0) AS youngest_birth,
       (SELECT min (p.birth_date) FROM person p WHERE p.household_id = h.id AND p.deleted = 0) AS oldest_birth,
       (SELECT substr (max (e.date), 1, 10) FROM encounter e
        WHERE e.household_id = h.id AND e.deleted = 0) AS last_contact,
       (SELECT min (a.end_date) FROM activity a JOIN care_plan c ON c.id = a.plan_id
        WHERE c.household_id = h.id AND c.deleted = 0 AND a.deleted = 0
        AND a.status IN ('planned', 'scheduled', 'in-progress')) AS next_due,
       (SELECT a.kind FROM activity a JOIN care_plan c ON c.id = a.plan_id
        WHERE c.household_id = h.id AND c.deleted = 0 AND a.deleted = 0
        AND a.status IN ('planned', 'scheduled', 'in-progress') AND a.end_date IS NOT NULL
        ORDER BY a.end_date LIMIT 1) AS next_due_kind,
       (SELECT c.status FROM care_plan c WHERE c.household_id = h.id AND c.deleted = 0
        ORDER BY c.status IN ('draft', 'active') DESC, c.agreed_on DESC, c.id DESC LIMIT 1) AS plan_status
FROM household h
WHERE h.deleted = 0);

UPDATE household_facts SET plan_status = (
  SELECT c.status FROM care_plan c WHERE c.household_id = household_facts.household_id AND c.deleted = 0
  ORDER BY c.status IN ('draft', 'active') DESC, c.agreed_on DESC, c.id DESC LIMIT 1);
