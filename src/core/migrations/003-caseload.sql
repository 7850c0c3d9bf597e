-- Schema 3: what the caseload shows of each household, kept beside it.
--
-- Ranking 300,000 households by need cannot aggregate a million persons,
-- their risks, activities and encounters on every keystroke. household_facts
-- holds, per household, what the caseload reads; facts that depend on the
-- day (is an activity overdue? a child under five?) are kept as dates and
-- judged against today when read. The priority is kept too, as of the day
-- in meta "caseload-day", and recomputed when the day changes.
--
-- Triggers keep a household's facts in step with every write to its
-- persons, risks, plans, activities and encounters, in the same
-- transaction. A bulk load (meta key "bulk") skips them and rebuilds all
-- facts once at its end.

CREATE TABLE household_facts (
  household_id INTEGER PRIMARY KEY REFERENCES household (id),
  head_name TEXT,
  n_members INTEGER NOT NULL DEFAULT 0,
  open_risks INTEGER NOT NULL DEFAULT 0,
  risk_codes TEXT,            -- open risk codes, comma-separated, sorted
  pregnant INTEGER NOT NULL DEFAULT 0,
  caregiver INTEGER NOT NULL DEFAULT 0,
  youngest_birth TEXT,        -- the youngest member's birth date
  oldest_birth TEXT,          -- the oldest member's birth date
  last_contact TEXT,          -- the day of the latest encounter
  next_due TEXT,              -- the earliest end date of an open activity
  next_due_kind TEXT,
  plan_status TEXT,           -- of the household's latest plan; NULL without one
  priority INTEGER NOT NULL DEFAULT 0
);
-- One index per sort. The priority's carries what the filters read, so a
-- filtered caseload is a walk of the index, not of the table.
CREATE INDEX household_facts_priority ON household_facts (priority DESC, household_id, pregnant,
  next_due, plan_status, youngest_birth, last_contact);
CREATE INDEX household_facts_last_contact ON household_facts ((last_contact IS NOT NULL),
  last_contact, household_id);
CREATE INDEX household_facts_head_name ON household_facts (head_name COLLATE NOCASE, household_id);

CREATE INDEX activity_open_end ON activity (plan_id, end_date)
  WHERE deleted = 0 AND status IN ('planned', 'scheduled', 'in-progress');

-- The one definition of a household's facts. caseload_priority() is the
-- store's (bie_priority_score), judged as of the store's day.
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
        ORDER BY c.agreed_on DESC, c.id DESC LIMIT 1) AS plan_status
FROM household h
WHERE h.deleted = 0);

-- Recomputing one household's facts: what every trigger below does. (Delete
-- and insert rather than INSERT OR REPLACE, which an upsert of the outer
-- statement would turn into a plain insert.)
CREATE TRIGGER household_facts_household AFTER INSERT ON household
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id = new.id;
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id = new.id;
END;

CREATE TRIGGER household_facts_household_deleted AFTER UPDATE OF deleted ON household
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id IN (old.id, new.id);
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id = new.id;
END;

CREATE TRIGGER household_facts_person_insert AFTER INSERT ON person
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id = new.household_id;
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id = new.household_id;
END;

CREATE TRIGGER household_facts_person_update AFTER UPDATE OF household_id, given_names, family_names,
  birth_date, relationship, deleted ON person
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id IN (old.household_id, new.household_id);
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id IN (old.household_id, new.household_id);
END;

CREATE TRIGGER household_facts_risk_insert AFTER INSERT ON risk
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id = new.household_id;
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id = new.household_id;
END;

CREATE TRIGGER household_facts_risk_update AFTER UPDATE OF household_id, code, status, deleted ON risk
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id IN (old.household_id, new.household_id);
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id IN (old.household_id, new.household_id);
END;

CREATE TRIGGER household_facts_plan_insert AFTER INSERT ON care_plan
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id = new.household_id;
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id = new.household_id;
END;

CREATE TRIGGER household_facts_plan_update AFTER UPDATE OF household_id, status, agreed_on, deleted ON care_plan
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id IN (old.household_id, new.household_id);
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id IN (old.household_id, new.household_id);
END;

CREATE TRIGGER household_facts_activity_insert AFTER INSERT ON activity
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id = (SELECT household_id FROM care_plan WHERE id = new.plan_id);
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id = (SELECT household_id FROM care_plan WHERE id = new.plan_id);
END;

CREATE TRIGGER household_facts_activity_update AFTER UPDATE OF plan_id, kind, end_date, status, deleted ON activity
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id IN (SELECT household_id FROM care_plan WHERE id IN (old.plan_id, new.plan_id));
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id IN (SELECT household_id FROM care_plan WHERE id IN (old.plan_id, new.plan_id));
END;

CREATE TRIGGER household_facts_encounter_insert AFTER INSERT ON encounter
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id = new.household_id;
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id = new.household_id;
END;

CREATE TRIGGER household_facts_encounter_update AFTER UPDATE OF household_id, date, deleted ON encounter
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  DELETE FROM household_facts WHERE household_id IN (old.household_id, new.household_id);
  INSERT INTO household_facts SELECT * FROM household_facts_source WHERE household_id IN (old.household_id, new.household_id);
END;

-- Households written before this schema get their facts now.
INSERT INTO household_facts SELECT * FROM household_facts_source;
