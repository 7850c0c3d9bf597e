-- Schema 7: what synchronisation with the district's FHIR server keeps.

-- The last version of each record that the server holds, as it sent it:
-- the base of a three-way merge, and the elements Bienestar does not map,
-- which an update must send back unchanged.
CREATE TABLE sync_resource (
  entity TEXT NOT NULL,
  uuid BLOB NOT NULL,
  version TEXT,
  json TEXT NOT NULL,
  PRIMARY KEY (entity, uuid)
) WITHOUT ROWID;

-- Edits made on both sides of one record that could not be merged; the
-- record keeps the local values until someone chooses.
CREATE TABLE sync_conflict (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  uuid TEXT NOT NULL,       -- as the outbox has it
  theirs TEXT,              -- the server's resource; NULL when it deleted it
  theirs_version TEXT,
  fields TEXT NOT NULL,     -- JSON array of the fields both sides changed
  created_at INTEGER NOT NULL,
  UNIQUE (entity, uuid)
);

-- Resources downloaded before a record they refer to: applied when it comes.
CREATE TABLE sync_deferred (
  resource_type TEXT NOT NULL,
  server_id TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (resource_type, server_id)
) WITHOUT ROWID;

-- Records known to the server by an id that is not their uuid.
CREATE INDEX subred_server ON subred (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX localidad_server ON localidad (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX upz_server ON upz (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX sector_server ON sector (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX team_server ON team (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX professional_server ON professional (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX household_server ON household (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX person_server ON person (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX risk_server ON risk (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX care_plan_server ON care_plan (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX goal_server ON goal (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX activity_server ON activity (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX encounter_server ON encounter (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX appointment_server ON appointment (server_id) WHERE server_id IS NOT NULL;
CREATE INDEX vaccination_server ON vaccination (server_id) WHERE server_id IS NOT NULL;
