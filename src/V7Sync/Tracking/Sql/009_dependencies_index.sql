-- Issue 15: the outbox trigger of migration 005 looks up, for every work order a statement links to its DART task,
-- the work orders that depend on it (dependencies && ARRAY[id], the GIN index). With GIN's fast update on, every new
-- row version (each UPDATE of a work order makes one, the index on dart_task_id prevents HOT) waits in the index's
-- pending list, and every lookup reads that whole list: 2 ms a lookup after 10,000 rows, so a first full sync spent
-- 200 ms in this trigger per page of 100. Entries go straight into the tree instead, where a lookup is a descent.
ALTER INDEX ix_v7_subworkflow_tasks_dependencies SET (fastupdate = off);
-- What already waits in the pending list moves into the tree now, not at the next vacuum.
SELECT gin_clean_pending_list('ix_v7_subworkflow_tasks_dependencies'::regclass);
