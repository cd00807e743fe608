-- The ideal time per part of a machine, for the performance part of OEE.
ALTER TABLE device ADD COLUMN ideal_cycle_seconds double precision;
