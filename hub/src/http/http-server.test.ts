import type * as NodeFs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cancelTicket, issueTicket } from '../domain/commands.ts';
import { ALLOWED_METHODS, createHttpServer, DETAILS_WITHHELD, HTTP_LIMITS, withheldStatus } from './http-server.ts';
import { refuseNextCommit, signIn, startTestHub, until, type TestHub } from '../../test/helpers.ts';

// A file that is there when the hub looks and gone when it opens it (a build replacing dist/).
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  return {
    ...fs,
    createReadStream: ((path: string, ...rest: never[]) =>
      fs.createReadStream(String(path).includes('vanishing') ? '/nonexistent/vanishing.js' : path, ...rest)) as typeof fs.createReadStream,
  };
});

/** A raw request (fetch follows redirects and cannot send a bare HEAD to a stream and give up). */
function raw(url: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.setTimeout(3000, () => req.destroy(new Error(`${method} ${url}: no answer in 3 s`)));
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP server', () => {
  let t: TestHub;
  let apps: string;
  beforeAll(async () => {
    apps = mkdtempSync(join(tmpdir(), 'turnero-apps-'));
    mkdirSync(join(apps, 'kiosk', 'dist', 'assets'), { recursive: true });
    writeFileSync(join(apps, 'kiosk', 'dist', 'index.html'), '<!doctype html><title>kiosco</title>');
    writeFileSync(join(apps, 'kiosk', 'dist', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(apps, 'kiosk', 'dist', 'assets', 'vanishing.js'), 'console.log(2)');
    t = await startTestHub({ appsRoot: apps });
  });
  afterAll(async () => {
    await t.close();
    rmSync(apps, { recursive: true, force: true });
  });

  it('serves an app, its client-side routes, and a 404 for a file it does not have (not the app page as a script)', async () => {
    expect(await raw(`${t.hub.url}/kiosk/assets/app.js`)).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect((await raw(`${t.hub.url}/kiosk/cola/pagos`)).body).toContain('kiosco');
    expect((await raw(`${t.hub.url}/kiosk/cola/`)).body).toContain('kiosco');
    const missing = await raw(`${t.hub.url}/kiosk/assets/old-build-1234.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/html/);
    expect(await raw(`${t.hub.url}/display/`)).toMatchObject({ status: 404, body: expect.stringContaining('display is not built') });
  });

  it('a file gone between the look and the read is a 404 answer, and the hub keeps serving', async () => {
    expect((await raw(`${t.hub.url}/kiosk/assets/vanishing.js`)).status).toBe(404);
    expect((await raw(`${t.hub.url}/health`)).status).toBe(200);
  });

  it.each(['/constructor/x', '/__proto__/x', '/toString/', '/hasOwnProperty'])('%s is no app: 404, not an internal error', async (path) => {
    expect((await raw(`${t.hub.url}${path}`)).status).toBe(404);
  });

  it.each(['/health', '/kiosk/', '/api/tickets.csv', '/nowhere'])('%s: another method gets 405 with Allow, and OPTIONS 204 with Allow and nothing else', async (path) => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await raw(`${t.hub.url}${path}`, method);
      expect([method, r.status, r.headers.allow]).toEqual([method, 405, 'GET, HEAD, OPTIONS']);
    }
    const options = await raw(`${t.hub.url}${path}`, 'OPTIONS');
    expect(options).toMatchObject({ status: 204, body: '', headers: { allow: ALLOWED_METHODS } });
    expect(options.headers['access-control-allow-origin']).toBeUndefined(); // no cross-origin grant with it
  });

  it('keeps an app’s options through the redirect to its folder', async () => {
    const r = await raw(`${t.hub.url}/display?lang=en&voice=recorded`);
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/display/?lang=en&voice=recorded');
  });

  it('a HEAD on a ticket’s live stream answers at once instead of holding a stream open', async () => {
    const office = t.hub.engine.officeIds()[0]!;
    t.hub.engine.execute(office, (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), {
      ticket: { statusToken: 'st-head-0123456789abcdef', deviceId: null, idempotencyKey: null },
    });
    const r = await raw(`${t.hub.url}/api/ticket-status/st-head-0123456789abcdef/events`, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/event-stream/);
    expect((await raw(`${t.hub.url}/api/ticket-status/st-head-0123456789abcdef`)).status).toBe(200);
  });

  it('a ticket mirrored from an office (at the central) has no status link: its id, which displays see, opens nothing', async () => {
    const office = t.hub.engine.officeIds()[0]!;
    const [issued] = t.hub.engine.execute(office, (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), { external: true });
    const id = issued?.event.type === 'ticket_issued' ? issued.event.ticket.id : '';
    expect((await raw(`${t.hub.url}/api/ticket-status/sync-${id}`)).status).toBe(404);
    expect((await raw(`${t.hub.url}/api/ticket-status/sync:${id}`)).status).toBe(404);
  });

  it('refuses exports over a year with 400 — the report as well as the ticket list', async () => {
    const { token, client } = await signIn(t.hub.wsUrl, 'supervisor');
    const get = (path: string) => fetch(`${t.hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    for (const path of ['/api/tickets.csv?from=0001-01-01&to=9999-12-31', '/api/report.csv?from=2020-01-01&to=2025-01-01', '/api/tickets.csv?from=2025-01-01&to=2026-01-03', '/api/tickets.csv?from=2025-01-01&to=2026-01-02']) {
      const r = await get(path);
      expect([path, r.status]).toEqual([path, 400]);
      expect(await r.text()).toMatch(/at most/);
    }
    expect((await get('/api/report.csv?from=2025-01-01&to=2025-12-31')).status).toBe(200);
    expect((await get('/api/report.csv?from=2024-01-01&to=2024-12-31')).status).toBe(200); // 366 days, counted inclusively
    for (const path of ['/api/report.csv?from=2026-02-30&to=2026-03-02', '/api/tickets.csv?from=2026-02-01&to=2026-02-29']) expect([path, (await get(path)).status]).toEqual([path, 400]);
    client.stop();
  });

  it('caches only an app’s own build assets for good, whatever folder the hub is installed in (an “assets” folder above it)', async () => {
    const installed = join(mkdtempSync(join(tmpdir(), 'turnero-install-')), 'assets', 'turnero');
    mkdirSync(join(installed, 'kiosk', 'dist', 'assets'), { recursive: true });
    writeFileSync(join(installed, 'kiosk', 'dist', 'index.html'), '<!doctype html><title>kiosco</title>');
    writeFileSync(join(installed, 'kiosk', 'dist', 'assets', 'app.js'), 'console.log(1)');
    const other = await startTestHub({ appsRoot: installed });
    try {
      expect((await raw(`${other.hub.url}/kiosk/`)).headers['cache-control']).toBe('no-cache');
      expect((await raw(`${other.hub.url}/kiosk/assets/app.js`)).headers['cache-control']).toMatch(/immutable/);
    } finally {
      await other.close();
    }
  });

  it('writes office names into the index page as text', async () => {
    const office = t.hub.engine.state(t.hub.engine.officeIds()[0]!).office;
    const name = office.name;
    office.name = '<img src=x onerror=alert(1)>';
    try {
      const r = await raw(`${t.hub.url}/`);
      expect(r.body).not.toContain('<img');
      expect(r.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    } finally {
      office.name = name;
    }
  });

  it('/health without a supervisor’s token says what fails, never where nor the error’s own text (the central’s refusal included)', () => {
    const stuck = { seq: 41, code: 'FORBIDDEN', message: 'event 41 is about office ocana', refusals: 3, since: 1 };
    const status = {
      backups: { dir: '/media/usb/turnero', keep: 7, latest: 'turnero-2026-12-05.db', failing: 'EIO: i/o error' },
      sync: { connected: false, ackSeq: 40, backlog: 5, lastAckAt: null, diverged: 'the central holds events up to 40', stuck },
    };
    expect(withheldStatus(status)).toEqual({
      backups: { keep: 7, latest: 'turnero-2026-12-05.db', failing: DETAILS_WITHHELD },
      sync: { connected: false, ackSeq: 40, backlog: 5, lastAckAt: null, diverged: DETAILS_WITHHELD, stuck: { ...stuck, message: DETAILS_WITHHELD } },
    });
    expect(withheldStatus({ backups: null, sync: { ...status.sync, diverged: null, stuck: null } }).sync).toMatchObject({ diverged: null, stuck: null });
  });

  it('/health is 503 with ok:false and a reason while the disk refuses the database’s commits, and 200 again once one succeeds', async () => {
    const office = t.hub.engine.officeIds()[0]!;
    const issue = (n: number) =>
      t.hub.engine.execute(office, (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), {
        ticket: { statusToken: `st-health-${n}-0123456789abcdef`, deviceId: null, idempotencyKey: null },
      });
    const committed = () => new Promise<boolean>((resolve) => t.hub.engine.afterCommit(resolve));
    const { token, client } = await signIn(t.hub.wsUrl, 'supervisor');
    refuseNextCommit(t.hub.store.db);
    issue(1);
    expect(await committed()).toBe(false);
    const failing = await raw(`${t.hub.url}/health`);
    expect(failing.status).toBe(503);
    expect(JSON.parse(failing.body)).toMatchObject({ ok: false, reason: expect.stringContaining('cannot be written'), database: { failing: DETAILS_WITHHELD, at: expect.any(String) } });
    const detailed = await fetch(`${t.hub.url}/health`, { headers: { authorization: `Bearer ${token}` } });
    expect(detailed.status).toBe(503);
    expect(await detailed.json()).toMatchObject({ ok: false, database: { failing: 'SQLITE_FULL: database or disk is full' } });
    client.stop();

    issue(2);
    expect(await committed()).toBe(true);
    const healthy = await raw(`${t.hub.url}/health`);
    expect(healthy.status).toBe(200);
    expect(JSON.parse(healthy.body)).toMatchObject({ ok: true, database: { failing: null, at: null } });
  });
});

/** A raw TCP connection to `url`'s port, with what it has received so far and whether the server closed it. */
async function tcp(url: string): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { port } = new URL(url);
  const socket = tcpConnect(Number(port), '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (received += d));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received: () => received, closed };
}

describe('HTTP server limits', () => {
  it('the hub sets them: headers within 10 s, a request within 30 s, 4,096 connections at once', () => {
    expect(HTTP_LIMITS).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnections: 4096 });
    const { server } = createHttpServer();
    expect([server.headersTimeout, server.requestTimeout, server.maxConnections]).toEqual([10_000, 30_000, 4096]);
  });

  it('a client that never finishes its headers gets 408 and is closed; a live ticket stream and a WebSocket outlast the request timeout', async () => {
    const t = await startTestHub({ httpLimits: { headersTimeoutMs: 200, requestTimeoutMs: 400 } });
    try {
      const slow = await tcp(t.hub.url);
      slow.socket.write('GET /health HTTP/1.1\r\nHost: hub\r\n'); // and never the blank line
      await slow.closed;
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);

      const office = t.hub.engine.officeIds()[0]!;
      const [issued] = t.hub.engine.execute(office, (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), {
        ticket: { statusToken: 'st-limits-0123456789abcdef', deviceId: null, idempotencyKey: null },
      });
      const ticketId = issued?.event.type === 'ticket_issued' ? issued.event.ticket.id : '';
      const { client } = await signIn(t.hub.wsUrl, 'supervisor');
      let events = '';
      let ended = false;
      const stream = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = request(`${t.hub.url}/api/ticket-status/st-limits-0123456789abcdef/events`, (res) => resolve(res));
        req.on('error', reject);
        req.end();
      });
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => (events += d));
      stream.on('close', () => (ended = true));
      await until(() => events.includes('"status":"waiting"'), 5000, 'the stream’s first status');
      // Several rounds of Node's limit checks (every 200 ms here) past the request timeout.
      await new Promise((r) => setTimeout(r, 1500));
      expect(ended).toBe(false);
      t.hub.gateway.publishCommitted(t.hub.engine.execute(office, (s, c) => cancelTicket(s, { ticketId, reason: 'test', callback: false }, c)));
      await until(() => events.includes('"status":"cancelled"'), 5000, 'the cancellation on the stream');
      expect(await client.request('hub_status', {})).toMatchObject({ sync: null }); // the WebSocket still answers
      client.stop();
      stream.destroy();
    } finally {
      await t.close();
    }
  }, 20_000);

  it('past maxConnections a new connection is closed unanswered, and one that comes after a place frees up is served', async () => {
    const t = await startTestHub({ httpLimits: { maxConnections: 2 } });
    try {
      const open: Awaited<ReturnType<typeof tcp>>[] = [];
      for (let i = 0; i < 2; i++) {
        const c = await tcp(t.hub.url);
        c.socket.write('GET /health HTTP/1.1\r\nHost: hub\r\n\r\n'); // keep-alive: the connection stays
        await until(() => c.received().includes('"ok":true'), 5000, 'an answer');
        open.push(c);
      }
      const refused = await tcp(t.hub.url);
      refused.socket.write('GET /health HTTP/1.1\r\nHost: hub\r\n\r\n');
      await refused.closed;
      expect(refused.received()).toBe('');
      open[0]!.socket.destroy();
      await open[0]!.closed;
      // The server hears of that close on its own time: a connection made before then is still one too many.
      let answer = '';
      for (let tries = 0; tries < 100 && answer === ''; tries++) {
        const next = await tcp(t.hub.url);
        next.socket.write('GET /health HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n');
        await next.closed;
        answer = next.received();
        if (answer === '') await new Promise((r) => setTimeout(r, 20));
      }
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      open[1]!.socket.destroy();
    } finally {
      await t.close();
    }
  });
});
