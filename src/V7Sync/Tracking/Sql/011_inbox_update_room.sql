-- Issue 15: every inbox row is written three times (stored, claimed, finished), and each claim and outcome wrote
-- the whole 650-byte row again into the WAL: with full pages the new version goes to another page. Pages filled to
-- under a third keep room for a row's three versions side by side, even while a long transaction (a report, a
-- pg_dump) keeps the old versions from being pruned, and PostgreSQL then logs only the bytes that changed: 5.4 KiB
-- of WAL per webhook event became 4.2 (claim 1,298 -> ~700 bytes a row, outcome 1,122 -> ~520; what is left is their
-- index entries). Every acknowledgement waits for a WAL flush, and a flush takes longer the more WAL is behind it.
-- New pages only: what is stored already keeps its fill (a queue's rows move on to new pages soon enough).
ALTER TABLE dart_webhook_inbox SET (fillfactor = 30);
