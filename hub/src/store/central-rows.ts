import type Database from 'better-sqlite3';
import { asRefusal, pushedThing, standingRefusals, type ConfigPushChange, type ConfigPushRecord, type PushAnswer, type PushCounts, type Refusal } from '@turnero/protocol';

const json = (v: unknown) => JSON.stringify(v);
const PUSH_COLUMNS = 'id, office_id, changes, created_at, based_on_seq, done_at, ok, error, refusal';
type PushRow = { id: string; office_id: string; changes: string; created_at: number; based_on_seq: number | null; done_at: number | null; ok: number | null; error: string | null; refusal: string | null };
/** How many of an office's newest pushes its standing refusals are looked for in (older ones are taken as settled). */
const STANDING_WINDOW = 200;
const parse = <T>(s: string) => JSON.parse(s) as T;

/** A push answer's refusal as its column holds it (JSON), on both hubs. */
export const refusalColumn = (refusal: Refusal | null): string | null => (refusal === null ? null : json(refusal));
/** …and back: a column this version does not understand reads as no refusal (the answer's words remain). */
export const refusalFromColumn = (column: string | null): Refusal | null => (column === null ? null : asRefusal(parse(column)));

export interface OfficeLink {
  officeId: string;
  /** The office's own sequence number of the last event applied here. */
  lastSeq: number;
  /** Which event that was (`eventIdentity`); null before the first, or for progress stored before migration 008. */
  lastEvent: string | null;
  lastSyncAt: number | null;
}

/** What tells one of an office's events from another written under the same sequence number: its type and time. */
export function eventIdentity(event: { type: string; at: number }): string {
  return `${event.type} ${event.at}`;
}

type LinkRow = { office_id: string; last_seq: number; last_event: string | null; last_sync_at: number | null };
const linkOf = (r: LinkRow): OfficeLink => ({ officeId: r.office_id, lastSeq: r.last_seq, lastEvent: r.last_event, lastSyncAt: r.last_sync_at });

/** The central hub's own rows: one link per office (token hash, progress) and configuration pushed to offices. */
export class CentralRows {
  /** Per office, its push flag as last read (see configPushCounts). */
  readonly #pushCounts = new Map<string, PushCounts>();

  constructor(readonly db: Database.Database) {}

  createOfficeLink(officeId: string, tokenHash: string, now: number): void {
    this.db
      .prepare('INSERT INTO office_links (office_id, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (office_id) DO UPDATE SET token_hash = excluded.token_hash')
      .run(officeId, tokenHash, now);
  }

  officeLinkByToken(tokenHash: string): OfficeLink | null {
    const r = this.db.prepare('SELECT office_id, last_seq, last_event, last_sync_at FROM office_links WHERE token_hash = ?').get(tokenHash) as LinkRow | undefined;
    return r ? linkOf(r) : null;
  }

  officeLinks(): OfficeLink[] {
    return (this.db.prepare('SELECT office_id, last_seq, last_event, last_sync_at FROM office_links ORDER BY office_id').all() as LinkRow[]).map(linkOf);
  }

  /** How far the office's log has arrived, and which event is the last (null: unchanged). */
  setLinkProgress(officeId: string, lastSeq: number, lastEvent: string | null, now: number): void {
    this.db.prepare('UPDATE office_links SET last_seq = ?, last_event = coalesce(?, last_event), last_sync_at = ? WHERE office_id = ?').run(lastSeq, lastEvent, now, officeId);
  }

  linkLastSeq(officeId: string): number {
    return (this.db.prepare('SELECT last_seq FROM office_links WHERE office_id = ?').get(officeId) as { last_seq: number } | undefined)?.last_seq ?? 0;
  }

  /**
   * `basedOnSeq`: the office's last event applied here when the push is made (what whoever pushed
   * could have seen); null for a push meant to overwrite what the office changed since.
   */
  insertConfigPush(id: string, officeId: string, changes: unknown, now: number, basedOnSeq: number | null): void {
    this.db.prepare('INSERT INTO config_pushes (id, office_id, changes, created_at, based_on_seq) VALUES (?, ?, ?, ?, ?)').run(id, officeId, json(changes), now, basedOnSeq);
    this.#pushesChanged(officeId);
  }

  pendingConfigPushes(officeId: string): { id: string; changes: unknown; basedOnSeq: number | null }[] {
    const rows = this.db.prepare('SELECT id, changes, based_on_seq FROM config_pushes WHERE office_id = ? AND done_at IS NULL ORDER BY created_at').all(officeId) as {
      id: string;
      changes: string;
      based_on_seq: number | null;
    }[];
    return rows.map((r) => ({ id: r.id, changes: parse(r.changes), basedOnSeq: r.based_on_seq }));
  }

  /** Stores an office's answer to a push made to that office (false: none pending with that id for it — another office's, unknown, or answered). */
  finishConfigPush(id: string, officeId: string, answer: PushAnswer, now: number): boolean {
    const done =
      this.db
        .prepare('UPDATE config_pushes SET done_at = ?, ok = ?, error = ?, refusal = ? WHERE id = ? AND office_id = ? AND done_at IS NULL')
        .run(now, answer.ok ? 1 : 0, answer.error, refusalColumn(answer.refusal), id, officeId).changes > 0;
    if (done) this.#pushesChanged(officeId);
    return done;
  }

  /** Pushes newest first, to one office or all: what each changes (kinds and ids, never a password hash), and the answer. */
  configPushes(officeId: string | null, limit: number): ConfigPushRecord[] {
    const rows = (
      officeId === null
        ? this.db.prepare(`SELECT ${PUSH_COLUMNS} FROM config_pushes ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit)
        : this.db.prepare(`SELECT ${PUSH_COLUMNS} FROM config_pushes WHERE office_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(officeId, limit)
    ) as PushRow[];
    return rows.map((r) => ({
      pushId: r.id,
      officeId: r.office_id,
      createdAt: r.created_at,
      changes: parse<ConfigPushChange[]>(r.changes).map(pushedThing),
      basedOnSeq: r.based_on_seq,
      doneAt: r.done_at,
      ok: r.ok === null ? null : r.ok === 1,
      error: r.error,
      refusal: refusalFromColumn(r.refusal),
    }));
  }

  /**
   * An office's flag for the central's board: its pushes not answered yet, and its refusals that
   * still stand among its newest STANDING_WINDOW pushes. Kept per office until a push to it is made
   * or answered (this hub is the only writer of these rows), so a board polling every few seconds
   * reads nothing for offices with no news.
   */
  configPushCounts(officeId: string): PushCounts {
    const cached = this.#pushCounts.get(officeId);
    if (cached) return cached;
    const pending = (this.db.prepare('SELECT count(*) AS n FROM config_pushes WHERE office_id = ? AND done_at IS NULL').get(officeId) as { n: number }).n;
    const counts = { pending, refused: standingRefusals(this.configPushes(officeId, STANDING_WINDOW)).size };
    this.#pushCounts.set(officeId, counts);
    return counts;
  }

  #pushesChanged(officeId: string): void {
    this.#pushCounts.delete(officeId);
  }

  /** The office a push was made to (null: no such push). */
  configPushOffice(id: string): string | null {
    return (this.db.prepare('SELECT office_id FROM config_pushes WHERE id = ?').get(id) as { office_id: string } | undefined)?.office_id ?? null;
  }
}
