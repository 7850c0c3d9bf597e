-- Schema 1: the records of the local cache.
--
-- Every table that synchronises has the same first columns: its row id, a
-- stable uuid (its 16 bytes), the backend's id and version once known, the
-- moment of the last change (microseconds since the epoch, UTC) and a
-- soft-delete flag.
-- Columns after those match src/core/bie-model.c, which a test checks.

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;

CREATE TABLE subred (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);

CREATE TABLE localidad (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  subred_id INTEGER NOT NULL REFERENCES subred (id)
);

CREATE TABLE upz (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  localidad_id INTEGER NOT NULL REFERENCES localidad (id)
);

CREATE TABLE sector (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  localidad_id INTEGER NOT NULL REFERENCES localidad (id),
  upz_id INTEGER REFERENCES upz (id),
  geometry TEXT,
  min_lon REAL,
  min_lat REAL,
  max_lon REAL,
  max_lat REAL,
  generated INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sector_localidad ON sector (localidad_id);

CREATE TABLE team (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  subred_id INTEGER REFERENCES subred (id)
);

CREATE TABLE professional (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  document_type TEXT NOT NULL,
  document_number TEXT NOT NULL,
  name TEXT NOT NULL,
  profession TEXT NOT NULL,
  team_id INTEGER REFERENCES team (id)
);

CREATE TABLE household (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  sector_id INTEGER NOT NULL REFERENCES sector (id),
  address TEXT NOT NULL,
  lon REAL,
  lat REAL,
  stratum INTEGER CHECK (stratum BETWEEN 0 AND 6)
);
CREATE INDEX household_sector ON household (sector_id);

CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  household_id INTEGER NOT NULL REFERENCES household (id),
  document_type TEXT NOT NULL,
  document_number TEXT NOT NULL,
  given_names TEXT NOT NULL,
  family_names TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  eps_code TEXT,
  regimen TEXT,
  phone TEXT,
  relationship TEXT NOT NULL
);
CREATE INDEX person_household ON person (household_id);
-- One living record per document; a deleted one may be recorded again.
CREATE UNIQUE INDEX person_document ON person (document_type, document_number) WHERE deleted = 0;

CREATE TABLE risk (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  household_id INTEGER NOT NULL REFERENCES household (id),
  person_id INTEGER REFERENCES person (id),
  code TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('identified', 'managed', 'closed')),
  identified_on TEXT NOT NULL,
  managed_on TEXT,
  closed_on TEXT,
  notes TEXT
);
CREATE INDEX risk_household ON risk (household_id);
CREATE INDEX risk_code ON risk (code, status);

CREATE TABLE care_plan (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  household_id INTEGER NOT NULL REFERENCES household (id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'completed', 'cancelled')),
  agreed_on TEXT,
  professional_id INTEGER REFERENCES professional (id)
);
CREATE INDEX care_plan_household ON care_plan (household_id);

CREATE TABLE goal (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  plan_id INTEGER NOT NULL REFERENCES care_plan (id),
  risk_id INTEGER REFERENCES risk (id),
  description TEXT NOT NULL,
  target_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'achieved', 'cancelled'))
);
CREATE INDEX goal_plan ON goal (plan_id);

CREATE TABLE activity (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  plan_id INTEGER NOT NULL REFERENCES care_plan (id),
  goal_id INTEGER REFERENCES goal (id),
  person_id INTEGER REFERENCES person (id),
  professional_id INTEGER REFERENCES professional (id),
  kind TEXT NOT NULL,
  start_date TEXT,
  end_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('planned', 'scheduled', 'in-progress', 'done', 'cancelled', 'not-done')),
  status_reason TEXT
);
CREATE INDEX activity_plan ON activity (plan_id);

-- The status history of activities, kept by the cache itself.
CREATE TABLE activity_status (
  id INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL REFERENCES activity (id),
  status TEXT NOT NULL,
  reason TEXT,
  changed_at INTEGER NOT NULL
);
CREATE INDEX activity_status_activity ON activity_status (activity_id);

CREATE TRIGGER activity_status_insert AFTER INSERT ON activity BEGIN
  INSERT INTO activity_status (activity_id, status, reason, changed_at)
  VALUES (new.id, new.status, new.status_reason, new.updated_at);
END;

CREATE TRIGGER activity_status_update AFTER UPDATE OF status ON activity
WHEN new.status IS NOT old.status BEGIN
  INSERT INTO activity_status (activity_id, status, reason, changed_at)
  VALUES (new.id, new.status, new.status_reason, new.updated_at);
END;

CREATE TABLE encounter (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  household_id INTEGER NOT NULL REFERENCES household (id),
  professional_id INTEGER REFERENCES professional (id),
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  participants TEXT,
  notes TEXT
);
CREATE INDEX encounter_household ON encounter (household_id);

CREATE TABLE appointment (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  household_id INTEGER NOT NULL REFERENCES household (id),
  person_id INTEGER NOT NULL REFERENCES person (id),
  service TEXT NOT NULL,
  barrier TEXT,
  requested_on TEXT NOT NULL,
  assigned_on TEXT,
  attended_on TEXT,
  outcome TEXT NOT NULL,
  notes TEXT
);
CREATE INDEX appointment_household ON appointment (household_id);

CREATE TABLE vaccination (
  id INTEGER PRIMARY KEY,
  uuid BLOB NOT NULL UNIQUE CHECK (length (uuid) = 16),
  server_id TEXT,
  version TEXT,
  updated_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  person_id INTEGER NOT NULL REFERENCES person (id),
  vaccine TEXT NOT NULL,
  dose INTEGER,
  date TEXT,
  status TEXT NOT NULL
);
CREATE INDEX vaccination_person ON vaccination (person_id);

-- Local edits not yet acknowledged by the backend, in order.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL,
  uuid TEXT NOT NULL,
  operation TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
  changes TEXT NOT NULL,
  base_version TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX outbox_record ON outbox (entity, uuid);
