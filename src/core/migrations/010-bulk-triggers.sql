-- Schema 10: a bulk load drops the triggers it would skip, and keeps them
-- here to make them again at its end.
--
-- The triggers that keep the caseload's facts and the search indexes in
-- step already do nothing during a bulk load (meta key "bulk"), but SQLite
-- still opens a frame for each and asks meta, for every row: a tenth of the
-- time a first download took to store a row. Their definitions wait here,
-- in the transaction that drops them, so that a bulk load a crash cut
-- short gets them back when the cache is next opened.

CREATE TABLE bulk_trigger (
  name TEXT PRIMARY KEY,
  sql TEXT NOT NULL
) WITHOUT ROWID;
