/**
 * The floor for `npm run bench`: the least a durable WebSocket request/response server can do on
 * this machine. Per request: parse the JSON, one INSERT, and the reply once the batch's COMMIT and
 * one fdatasync of the WAL are done (group commit gathered over event-loop turns as the hub does), over the
 * same `ws` server. No domain, no schema, no indexes, no checkpoints, no displays. The bench runs it
 * as its own process right before the hub and drives it the same way, so the table can say how much
 * of the hub's latency is the machine at that minute and how much is the hub.
 *
 * Usage: node --import tsx hub/bench/floor-server.ts <db path> <port>; GET /health answers once it listens.
 */
import Database from 'better-sqlite3';
import { fdatasyncSync, openSync } from 'node:fs';
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_GATHER_TURNS } from '../src/office-engine.ts';

const [path, port] = process.argv.slice(2);
if (!path || !port) throw new Error('usage: floor-server.ts <db path> <port>');

const db = new Database(path);
db.pragma('journal_mode = WAL');
// COMMIT writes the WAL; the fdatasync below makes each batch durable before its replies leave.
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
db.exec('CREATE TABLE requests (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO requests (body) VALUES (?)');

let replies: { ws: WebSocket; text: string }[] = [];
let walFd: number | null = null;

/** As the hub (office-engine.ts): the batch waits one more turn while turns bring requests, at most MAX_GATHER_TURNS more. */
function commitWhenQuiet(seen: number, turns: number): void {
  if (replies.length > seen && turns < MAX_GATHER_TURNS) setImmediate(() => commitWhenQuiet(replies.length, turns + 1));
  else flush();
}

function flush(): void {
  db.exec('COMMIT');
  walFd ??= openSync(`${path}-wal`, 'r');
  fdatasyncSync(walFd);
  const out = replies;
  replies = [];
  for (const r of out) r.ws.send(r.text);
}

const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404).end();
});
const server = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 64 * 1024 });
server.on('connection', (ws) => {
  ws.on('message', (data) => {
    let request: { id?: unknown };
    try {
      request = JSON.parse(String(data)) as { id?: unknown };
    } catch {
      ws.send(JSON.stringify({ type: 'error', code: 'BAD_JSON' }));
      return;
    }
    if (!db.inTransaction) {
      db.exec('BEGIN IMMEDIATE');
      setImmediate(() => commitWhenQuiet(0, 0));
    }
    const row = insert.run(String(data)).lastInsertRowid;
    replies.push({ ws, text: JSON.stringify({ type: 'result', id: request.id, payload: { row: Number(row) } }) });
  });
});
http.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  http.close();
  db.close();
  process.exit(0);
});
