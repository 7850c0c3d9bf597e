-- Schema 2: the search index and the spatial index, kept in step with the
-- records by triggers, so every path that writes a record updates them in
-- the same transaction.

-- Persons by name and document: an external-content index over person,
-- insensitive to case and accents ("Núñez", "nunez", "NÚÑEZ").
CREATE VIRTUAL TABLE person_search USING fts5 (
  given_names, family_names, document_number,
  content = 'person', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '3'
);

CREATE TRIGGER person_search_insert AFTER INSERT ON person WHEN new.deleted = 0 BEGIN
  INSERT INTO person_search (rowid, given_names, family_names, document_number)
  VALUES (new.id, new.given_names, new.family_names, new.document_number);
END;

CREATE TRIGGER person_search_update AFTER UPDATE OF given_names, family_names, document_number, deleted ON person BEGIN
  INSERT INTO person_search (person_search, rowid, given_names, family_names, document_number)
  SELECT 'delete', old.id, old.given_names, old.family_names, old.document_number WHERE old.deleted = 0;
  INSERT INTO person_search (rowid, given_names, family_names, document_number)
  SELECT new.id, new.given_names, new.family_names, new.document_number WHERE new.deleted = 0;
END;

CREATE TRIGGER person_search_delete AFTER DELETE ON person WHEN old.deleted = 0 BEGIN
  INSERT INTO person_search (person_search, rowid, given_names, family_names, document_number)
  VALUES ('delete', old.id, old.given_names, old.family_names, old.document_number);
END;

-- Households by address and by the code and name of their sector; the
-- text is in household and sector already, so the index keeps no copy.
CREATE VIRTUAL TABLE household_search USING fts5 (
  address, sector,
  content = '',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER household_search_insert AFTER INSERT ON household WHEN new.deleted = 0 BEGIN
  INSERT INTO household_search (rowid, address, sector)
  SELECT new.id, new.address, s.code || ' ' || s.name FROM sector s WHERE s.id = new.sector_id;
END;

-- A contentless index forgets a row only when told what it held.
CREATE TRIGGER household_search_update AFTER UPDATE OF address, sector_id, deleted ON household BEGIN
  INSERT INTO household_search (household_search, rowid, address, sector)
  SELECT 'delete', old.id, old.address, s.code || ' ' || s.name FROM sector s
  WHERE s.id = old.sector_id AND old.deleted = 0;
  INSERT INTO household_search (rowid, address, sector)
  SELECT new.id, new.address, s.code || ' ' || s.name FROM sector s
  WHERE s.id = new.sector_id AND new.deleted = 0;
END;

CREATE TRIGGER household_search_delete AFTER DELETE ON household WHEN old.deleted = 0 BEGIN
  INSERT INTO household_search (household_search, rowid, address, sector)
  SELECT 'delete', old.id, old.address, s.code || ' ' || s.name FROM sector s
  WHERE s.id = old.sector_id;
END;

CREATE TRIGGER household_search_sector AFTER UPDATE OF code, name ON sector BEGIN
  INSERT INTO household_search (household_search, rowid, address, sector)
  SELECT 'delete', h.id, h.address, old.code || ' ' || old.name FROM household h
  WHERE h.sector_id = new.id AND h.deleted = 0;
  INSERT INTO household_search (rowid, address, sector)
  SELECT h.id, h.address, new.code || ' ' || new.name FROM household h
  WHERE h.sector_id = new.id AND h.deleted = 0;
END;

-- Where sectors and households are.
CREATE VIRTUAL TABLE sector_bounds USING rtree (id, min_lon, max_lon, min_lat, max_lat);

CREATE TRIGGER sector_bounds_insert AFTER INSERT ON sector WHEN new.min_lon IS NOT NULL BEGIN
  INSERT INTO sector_bounds VALUES (new.id, new.min_lon, new.max_lon, new.min_lat, new.max_lat);
END;

CREATE TRIGGER sector_bounds_update AFTER UPDATE OF min_lon, min_lat, max_lon, max_lat ON sector BEGIN
  DELETE FROM sector_bounds WHERE id = old.id;
  INSERT INTO sector_bounds SELECT new.id, new.min_lon, new.max_lon, new.min_lat, new.max_lat
  WHERE new.min_lon IS NOT NULL;
END;

CREATE VIRTUAL TABLE household_points USING rtree (id, min_lon, max_lon, min_lat, max_lat);

CREATE TRIGGER household_points_insert AFTER INSERT ON household WHEN new.lon IS NOT NULL BEGIN
  INSERT INTO household_points VALUES (new.id, new.lon, new.lon, new.lat, new.lat);
END;

CREATE TRIGGER household_points_update AFTER UPDATE OF lon, lat ON household BEGIN
  DELETE FROM household_points WHERE id = old.id;
  INSERT INTO household_points SELECT new.id, new.lon, new.lon, new.lat, new.lat
  WHERE new.lon IS NOT NULL;
END;

-- Records written before this schema join the indexes now.
INSERT INTO person_search (person_search) VALUES ('rebuild');
DELETE FROM person_search WHERE rowid IN (SELECT id FROM person WHERE deleted = 1);
INSERT INTO household_search (rowid, address, sector)
SELECT h.id, h.address, s.code || ' ' || s.name FROM household h JOIN sector s ON s.id = h.sector_id
WHERE h.deleted = 0;
INSERT INTO sector_bounds SELECT id, min_lon, max_lon, min_lat, max_lat FROM sector WHERE min_lon IS NOT NULL;
INSERT INTO household_points SELECT id, lon, lon, lat, lat FROM household WHERE lon IS NOT NULL;
