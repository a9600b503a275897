-- Issue 15: every delivery put an entry into the body-hash index, at a random place in it (the hash's), and the
-- endpoint's INSERT is what each acknowledgement waits for. A delivery with a dedupe key is already stored once by
-- that key, and the key is read from the body alone (WebhookPayload.TryReadEnvelope): the same body always has the
-- same key, so the body hash adds nothing for those. It dedupes what has no key (doc events: docs carry no
-- updatedAt), and the index now holds only those rows. ON CONFLICT DO NOTHING names no index and still skips both.
DROP INDEX uq_dart_webhook_inbox_body;
CREATE UNIQUE INDEX uq_dart_webhook_inbox_body ON dart_webhook_inbox (body_sha256) WHERE dedupe_key IS NULL;
