-- Schema 9: the server's versions in a table of rows appended in order,
-- found through an index of their records.
--
-- Keyed by the record's uuid itself, each version of a kilobyte or so went
-- to a random place among the others: a first download split and rewrote
-- pages all over the table, a quarter of the time it took to store 10,000
-- households. Appended in order, only the small index of uuids takes the
-- random places.

CREATE TABLE sync_resource_rows (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  uuid BLOB NOT NULL,
  version TEXT,
  json TEXT NOT NULL
);

INSERT INTO sync_resource_rows (entity, uuid, version, json)
SELECT entity, uuid, version, json FROM sync_resource;

DROP TABLE sync_resource;
ALTER TABLE sync_resource_rows RENAME TO sync_resource;

CREATE UNIQUE INDEX sync_resource_record ON sync_resource (entity, uuid);
