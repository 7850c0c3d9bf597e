-- Schema 4: every sort of the caseload walks an index that carries what
-- the filters read.
--
-- Schema 3 gave that only to the priority's index: sorted by name or by
-- last contact, a filter that keeps most households (no plan, no contact
-- in 90 days) read the priority's index and then sorted a quarter of a
-- million rows. Now each sort's index holds the same columns, and the
-- last contact's is a plain one: SQLite puts NULL (never contacted) first
-- in ascending order already, which is the order the caseload wants.

DROP INDEX IF EXISTS household_facts_last_contact;
DROP INDEX IF EXISTS household_facts_head_name;

CREATE INDEX household_facts_last_contact ON household_facts (last_contact, household_id, pregnant,
  next_due, plan_status, youngest_birth);
CREATE INDEX household_facts_head_name ON household_facts (head_name COLLATE NOCASE, household_id,
  pregnant, next_due, plan_status, youngest_birth, last_contact);
