-- Schema 6: the boundaries of the localidades.
--
-- The district's localidad layer gives each localidad its polygon, as
-- sectors have theirs: GeoJSON Polygon or MultiPolygon text, WGS84
-- lon/lat, with its bounds. Imported sectors are placed in the localidad
-- whose boundary holds them; localidad_bounds finds the candidates, kept in
-- step by triggers as sector_bounds is (schema 2).
-- Columns after the record's match src/core/bie-model.c, which a test checks.

ALTER TABLE localidad ADD COLUMN geometry TEXT;
ALTER TABLE localidad ADD COLUMN min_lon REAL;
ALTER TABLE localidad ADD COLUMN min_lat REAL;
ALTER TABLE localidad ADD COLUMN max_lon REAL;
ALTER TABLE localidad ADD COLUMN max_lat REAL;

CREATE VIRTUAL TABLE localidad_bounds USING rtree (id, min_lon, max_lon, min_lat, max_lat);

CREATE TRIGGER localidad_bounds_insert AFTER INSERT ON localidad WHEN new.min_lon IS NOT NULL BEGIN
  INSERT INTO localidad_bounds VALUES (new.id, new.min_lon, new.max_lon, new.min_lat, new.max_lat);
END;

CREATE TRIGGER localidad_bounds_update AFTER UPDATE OF min_lon, min_lat, max_lon, max_lat ON localidad BEGIN
  DELETE FROM localidad_bounds WHERE id = old.id;
  INSERT INTO localidad_bounds SELECT new.id, new.min_lon, new.max_lon, new.min_lat, new.max_lat
  WHERE new.min_lon IS NOT NULL;
END;

CREATE TRIGGER localidad_bounds_delete AFTER DELETE ON localidad BEGIN
  DELETE FROM localidad_bounds WHERE id = old.id;
END;
