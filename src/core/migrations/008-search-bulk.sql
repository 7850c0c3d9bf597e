-- Schema 8: the search indexes, like the caseload's facts, are built once
-- at the end of a bulk load (meta key "bulk") rather than row by row.
--
-- FTS5 writes what a statement indexed to disk when the statement ends,
-- so a million persons inserted one statement at a time made a million
-- small segments to merge. The triggers below are those of schema 2 with
-- the bulk condition; bie_store_set_bulk() rebuilds both indexes whole.

DROP TRIGGER person_search_insert;
DROP TRIGGER person_search_update;
DROP TRIGGER person_search_delete;
DROP TRIGGER household_search_insert;
DROP TRIGGER household_search_update;
DROP TRIGGER household_search_delete;
DROP TRIGGER household_search_sector;

CREATE TRIGGER person_search_insert AFTER INSERT ON person
WHEN new.deleted = 0 AND (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  INSERT INTO person_search (rowid, given_names, family_names, document_number)
  VALUES (new.id, new.given_names, new.family_names, new.document_number);
END;

CREATE TRIGGER person_search_update AFTER UPDATE OF given_names, family_names, document_number, deleted ON person
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  INSERT INTO person_search (person_search, rowid, given_names, family_names, document_number)
  SELECT 'delete', old.id, old.given_names, old.family_names, old.document_number WHERE old.deleted = 0;
  INSERT INTO person_search (rowid, given_names, family_names, document_number)
  SELECT new.id, new.given_names, new.family_names, new.document_number WHERE new.deleted = 0;
END;

CREATE TRIGGER person_search_delete AFTER DELETE ON person
WHEN old.deleted = 0 AND (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  INSERT INTO person_search (person_search, rowid, given_names, family_names, document_number)
  VALUES ('delete', old.id, old.given_names, old.family_names, old.document_number);
END;

CREATE TRIGGER household_search_insert AFTER INSERT ON household
WHEN new.deleted = 0 AND (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  INSERT INTO household_search (rowid, address, sector)
  SELECT new.id, new.address, s.code || ' ' || s.name FROM sector s WHERE s.id = new.sector_id;
END;

CREATE TRIGGER household_search_update AFTER UPDATE OF address, sector_id, deleted ON household
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  INSERT INTO household_search (household_search, rowid, address, sector)
  SELECT 'delete', old.id, old.address, s.code || ' ' || s.name FROM sector s
  WHERE s.id = old.sector_id AND old.deleted = 0;
  INSERT INTO household_search (rowid, address, sector)
  SELECT new.id, new.address, s.code || ' ' || s.name FROM sector s
  WHERE s.id = new.sector_id AND new.deleted = 0;
END;

CREATE TRIGGER household_search_delete AFTER DELETE ON household
WHEN old.deleted = 0 AND (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  INSERT INTO household_search (household_search, rowid, address, sector)
  SELECT 'delete', old.id, old.address, s.code || ' ' || s.name FROM sector s
  WHERE s.id = old.sector_id;
END;

CREATE TRIGGER household_search_sector AFTER UPDATE OF code, name ON sector
WHEN (SELECT value FROM meta WHERE key = 'bulk') IS NULL BEGIN
  INSERT INTO household_search (household_search, rowid, address, sector)
  SELECT 'delete', h.id, h.address, old.code || ' ' || old.name FROM household h
  WHERE h.sector_id = new.id AND h.deleted = 0;
  INSERT INTO household_search (rowid, address, sector)
  SELECT h.id, h.address, new.code || ' ' || new.name FROM household h
  WHERE h.sector_id = new.id AND h.deleted = 0;
END;
