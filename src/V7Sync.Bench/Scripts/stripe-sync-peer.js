// The peer for `bench webhooks --vs-peer`: stripe-sync-engine's own webhook processing (signature check, then one
// timestamp-protected upsert) behind the least HTTP server Node offers, answering 200 once processWebhook resolved.
// Environment: PEER_MODULES (node_modules of the scratch install), DATABASE_URL, WEBHOOK_SECRET, PORT, POOL_SIZE.
'use strict';
const http = require('node:http');
const path = require('node:path');
const { StripeSync, runMigrations } = require(path.join(process.env.PEER_MODULES, '@supabase', 'stripe-sync-engine'));

const schema = 'stripe';

async function main() {
  // Its own schema, made by its own migrations.
  await runMigrations({ schema, databaseUrl: process.env.DATABASE_URL });
  const sync = new StripeSync({
    schema,
    stripeSecretKey: 'sk_test_bench_never_called',
    stripeWebhookSecret: process.env.WEBHOOK_SECRET,
    poolConfig: { connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE || 16) },
  });
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/webhooks/stripe') {
      res.writeHead(404).end();
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      sync.processWebhook(Buffer.concat(chunks), req.headers['stripe-signature']).then(
        () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}'),
        (error) => res.writeHead(400, { 'Content-Type': 'text/plain' }).end(String(error && error.message)));
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
