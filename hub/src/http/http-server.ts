import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubError, isCalendarDay, type BackupStatus, type HubStatus, type Principal, type SyncStatus } from '@turnero/protocol';
import type { AuthService } from '../auth/auth-service.ts';
import type { OfficeEngine } from '../office-engine.ts';
import { ticketsCsvPaged } from './csv.ts';
import { MAX_RANGE_DAYS, officeReportPaged } from '../gateway/config-handlers.ts';
import { CENTRAL_OFFICE_ID } from '../gateway/central-handlers.ts';
import { allowed } from '../gateway/permissions.ts';
import { reportCsv } from '../reports/report-csv.ts';
import { ticketStatusView } from '../domain/ticket-status.ts';
import type { TicketWatchers } from './ticket-watchers.ts';

const STATUS_PAGE = fileURLToPath(new URL('./status-page/', import.meta.url));
const STATUS_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** The apps load only their own code and talk only to the hub. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob: mediastream:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** The methods every path of the hub's HTTP side answers (the `Allow` header). */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';

/** URL prefix → app folder (its Vite `dist/`). */
export const APPS = { kiosk: 'kiosk', display: 'display', agent: 'agent-desk' } as const;

export interface HttpDeps {
  engine: OfficeEngine;
  auth: AuthService;
  appsRoot: string;
  startedAt: number;
  connections: () => number;
  watchers: TicketWatchers;
  /** The hub's housekeeping (daily copies, forwarding to the central), for monitoring. */
  hubStatus: () => HubStatus;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

/** The staff member a request's `Authorization: Bearer <session token>` names, or why not (an HTTP status and text). */
function bearerPrincipal(req: IncomingMessage, deps: HttpDeps): Principal | { status: number; text: string } {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!bearer) return { status: 401, text: 'sign in: Authorization: Bearer <session token>' };
  try {
    return deps.auth.session(bearer).principal;
  } catch (error) {
    return { status: 401, text: error instanceof HubError ? `${error.code}: ${error.message}` : 'invalid token' };
  }
}

/** What `/health` says in place of a failure's own text to whoever has no supervisor's token. */
export const DETAILS_WITHHELD = 'failing: details with a supervisor’s token (Authorization: Bearer …)';

/**
 * The hub's housekeeping as `/health` shows it without a supervisor's token: whether copies and the
 * forwarding fail, not the backup folder nor any error's own text (the central's refusal included).
 */
export function withheldStatus(status: HubStatus): { backups: Omit<BackupStatus, 'dir'> | null; sync: SyncStatus | null } {
  const withheld = (text: string | null) => (text === null ? null : DETAILS_WITHHELD);
  return {
    backups: status.backups && { keep: status.backups.keep, latest: status.backups.latest, failing: withheld(status.backups.failing) },
    sync: status.sync && { ...status.sync, diverged: withheld(status.sync.diverged), stuck: status.sync.stuck && { ...status.sync.stuck, message: DETAILS_WITHHELD } },
  };
}

/**
 * For whatever watches the hub: 200 while it serves, 503 (`ok: false` and a `reason`) while the disk
 * refuses the database's writes — the last COMMIT or fsync failed and none succeeded since: the hub
 * answers, but can issue and call nothing. Anyone gets the newest copy and whether
 * copies or the forwarding to a central fail (`failing`/`diverged` null when all is well, as in
 * `hub_status`); a supervisor's or admin's bearer token also gets the backup folder and the
 * failures' own text — where the hub's disks are, and their error messages, are not for every
 * device on the office network. A bearer token that is not valid is said so in `auth` (a monitor
 * whose token expired still sees the hub up); other Authorization schemes are ignored.
 */
function health(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): void {
  const status = deps.hubStatus();
  const principal = /^Bearer /.test(req.headers.authorization ?? '') ? bearerPrincipal(req, deps) : null;
  const refused = principal !== null && 'status' in principal ? principal.text : null;
  // The same people who see the hub's housekeeping on the board (hub_status).
  const detailed = principal !== null && !('status' in principal) && allowed('hub_status', principal);
  const { backups, sync }: ReturnType<typeof withheldStatus> = detailed ? status : withheldStatus(status);
  const failure = deps.engine.writeFailure;
  const database = { failing: failure && (detailed ? failure.message : DETAILS_WITHHELD), at: failure && new Date(failure.at).toISOString() };
  const verdict = failure ? { ok: false, reason: 'the database cannot be written (a full or failing disk?): tickets cannot be issued nor called' } : { ok: true };
  const body = { ...verdict, uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000), offices: deps.engine.officeIds(), connections: deps.connections(), database, backups, sync, ...(refused ? { auth: refused } : {}) };
  send(res, failure ? 503 : 200, JSON.stringify(body), 'application/json');
}

/** `GET /api/tickets.csv` or `/api/report.csv` `?from=YYYY-MM-DD&to=YYYY-MM-DD` with a supervisor's bearer session token. */
async function exportCsv(req: IncomingMessage, res: ServerResponse, url: URL, deps: HttpDeps, what: 'tickets' | 'report'): Promise<void> {
  const principal = bearerPrincipal(req, deps);
  if ('status' in principal) return send(res, principal.status, principal.text);
  if (!allowed('report', principal)) return send(res, 403, 'supervisors only');
  // Central staff may name a synced office; everyone else gets their own.
  const asked = url.searchParams.get('officeId') ?? principal.officeId;
  if (asked !== principal.officeId && principal.officeId !== CENTRAL_OFFICE_ID) return send(res, 403, 'central staff only');
  if (!deps.engine.has(asked)) return send(res, 404, `no office ${asked}`);
  const officeId = asked;
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? from;
  if (!isCalendarDay(from) || !isCalendarDay(to) || from > to) return send(res, 400, 'from and to must be dates YYYY-MM-DD, from <= to');
  if (Date.parse(to) - Date.parse(from) >= MAX_RANGE_DAYS * 86_400_000) return send(res, 400, `an export covers at most ${MAX_RANGE_DAYS} days`);
  // Read in pages with the event loop free between them: up to a year of an office must not stall issuing and calling.
  const csv = what === 'tickets' ? await ticketsCsvPaged(deps.engine.store.ticketDaysBetween(officeId, from, to)) : reportCsv(await officeReportPaged(deps.engine, officeId, from, to));
  send(res, 200, csv, 'text/csv; charset=utf-8', { 'content-disposition': `attachment; filename="turnero-${what}-${from}_${to}.csv"` });
}

/** The live page's data: the ticket's status view, once (JSON) or as a Server-Sent Events stream. */
function ticketStatus(req: IncomingMessage, res: ServerResponse, token: string, stream: boolean, deps: HttpDeps): void {
  // `sync-…`: the placeholder of tickets mirrored before it became `sync:…` (their ids are public).
  const ticket = STATUS_TOKEN.test(token) && !token.startsWith('sync-') ? deps.engine.store.ticketByStatusToken(token) : null;
  if (!ticket || !deps.engine.has(ticket.officeId)) return send(res, 404, JSON.stringify({ error: 'NOT_FOUND' }), 'application/json');
  // A HEAD gets the stream's headers only: a stream it could never read would stay open for good.
  if (stream && req.method === 'HEAD') return send(res, 200, '', 'text/event-stream; charset=utf-8');
  if (stream) return deps.watchers.watch(res, ticket);
  send(res, 200, JSON.stringify(ticketStatusView(deps.engine.state(ticket.officeId), ticket)), 'application/json');
}

/**
 * A file under `root`; with `spa`, unknown paths without a file extension fall back to index.html
 * (client-side routes) — a missing file such as an old build's script is a 404, not the app's page.
 */
function serveStatic(res: ServerResponse, root: string, rest: string, spa = true): boolean {
  const base = resolve(root);
  const file = normalize(join(base, rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest));
  if (file !== base && !file.startsWith(base + sep)) return false;
  const exists = existsSync(file) && statSync(file).isFile();
  if (!exists && (!spa || (!rest.endsWith('/') && extname(rest) !== ''))) return false;
  const target = exists ? file : join(base, 'index.html');
  if (!existsSync(target)) return false;
  // Headers only once the file is open: one that vanished or cannot be read since (a build
  // replacing dist/) is an error answer, and a failed read mid-way cuts that response only.
  const stream = createReadStream(target);
  stream.once('open', () => {
    res.writeHead(200, {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      // Only the build's own hashed assets (under the app folder), whatever the folders above it are called.
      'cache-control': target.slice(base.length).startsWith(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': CSP,
    });
    stream.pipe(res);
  });
  stream.once('error', (error: NodeJS.ErrnoException) => {
    if (res.headersSent) res.destroy();
    else send(res, error.code === 'ENOENT' ? 404 : 500, error.code === 'ENOENT' ? 'not found' : 'cannot read file');
  });
  res.once('close', () => stream.destroy());
  return true;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

function indexPage(deps: HttpDeps): string {
  const links = Object.keys(APPS)
    .map((p) => `<li><a href="/${p}/">/${p}/</a></li>`)
    .join('');
  const offices = escapeHtml(deps.engine.officeIds().map((id) => deps.engine.state(id).office.name).join(', '));
  return `<!doctype html><html lang="es"><meta charset="utf-8"><title>Turnero</title><h1>Turnero</h1><p>${offices}</p><ul>${links}</ul><p><a href="/health">/health</a></p></html>`;
}

/** Bounds on what a client may hold of the HTTP side. */
export interface HttpLimits {
  /** Until a request's headers are in (a client sending them a byte at a time holds a socket): then 408 and closed. */
  headersTimeoutMs: number;
  /**
   * Until the whole request is in. Only the request: answers that last (a ticket page's event
   * stream, a year's CSV being built) and upgraded WebSockets are not cut by it.
   */
  requestTimeoutMs: number;
  /** Open sockets at once (WebSockets, event streams, requests); past it a new connection is closed at once. */
  maxConnections: number;
}

/**
 * An office's devices are a few dozen sockets; its customers' ticket pages up to 2,000 event streams
 * (TicketWatchers' cap) — connections beyond both are no office's. Node's defaults: 60 s for headers,
 * 300 s for a request, no cap.
 */
export const HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnections: 4096 };

/**
 * Health, the CSV export and the built apps, on the same port as the WebSocket. The server can
 * listen before the hub is ready (its port taken before anything is created): until `serve` is
 * given what it serves, every request is answered 503.
 */
export function createHttpServer(limits: HttpLimits = HTTP_LIMITS): { server: Server; serve(deps: HttpDeps): void } {
  let handle = (_req: IncomingMessage, res: ServerResponse) => send(res, 503, 'starting', 'text/plain; charset=utf-8', { 'retry-after': '1' });
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for requests past those limits (default 30 s, which would triple the headers' 10).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => handle(req, res),
  );
  server.maxConnections = limits.maxConnections;
  return {
    server,
    serve(deps) {
      handle = (req, res) => {
        try {
          route(req, res, deps);
        } catch (error) {
          // A refusal from the domain (a report over a year…) is the asker's; anything else is ours.
          if (res.headersSent) res.destroy();
          else if (error instanceof HubError) send(res, 400, `${error.code}: ${error.message}`);
          else send(res, 500, 'internal error');
        }
      };
    },
  };
}

function route(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): void {
  {
    let url: URL;
    let path: string;
    try {
      url = new URL(req.url ?? '/', 'http://hub.local');
      path = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'bad URL');
    }
    // Every resource here is read-only: what it allows is said on a 405 and to an OPTIONS (RFC 9110 §10.2.1).
    if (req.method === 'OPTIONS') return send(res, 204, '', 'text/plain; charset=utf-8', { allow: ALLOWED_METHODS });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', 'text/plain; charset=utf-8', { allow: ALLOWED_METHODS });
    if (url.pathname === '/health') return health(req, res, deps);
    if (url.pathname === '/api/tickets.csv' || url.pathname === '/api/report.csv') {
      exportCsv(req, res, url, deps, url.pathname === '/api/tickets.csv' ? 'tickets' : 'report').catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else send(res, 500, `export failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      return;
    }
    const status = /^\/api\/ticket-status\/([^/]+)(\/events)?$/.exec(path);
    if (status) return ticketStatus(req, res, status[1] ?? '', status[2] !== undefined, deps);
    if (path.startsWith('/t/assets/')) {
      if (serveStatic(res, STATUS_PAGE, path.slice('/t/assets/'.length), false)) return;
      return send(res, 404, 'not found');
    }
    if (/^\/t\/[A-Za-z0-9_-]+$/.test(path)) {
      if (serveStatic(res, STATUS_PAGE, 'index.html')) return;
    }
    if (url.pathname === '/') return send(res, 200, indexPage(deps), 'text/html; charset=utf-8');
    const [, prefix, ...rest] = path.split('/');
    if (prefix !== undefined && Object.hasOwn(APPS, prefix)) {
      const app = APPS[prefix as keyof typeof APPS];
      // The app's options ride on the query (?lang=en, ?voice=recorded…): kept through the redirect.
      if (url.pathname === `/${prefix}`) return send(res, 301, '', 'text/plain', { location: `/${prefix}/${url.search}` });
      const dist = join(deps.appsRoot, app, 'dist');
      if (serveStatic(res, dist, rest.join('/'))) return;
      if (!existsSync(join(dist, 'index.html'))) return send(res, 404, `${app} is not built: run npm run build -w ${app}`);
    }
    send(res, 404, 'not found');
  }
}
