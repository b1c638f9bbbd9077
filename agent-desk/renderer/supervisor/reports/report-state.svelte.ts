import { isCalendarDay, type Report } from '@turnero/protocol';
import type { DeskSession } from '../../shared/desk-session.svelte.ts';
import { dayIn } from '../board/board-model.ts';
import { csvPath } from './report-model.ts';

/** The reports page: a date range, the hub's report for it, and its CSV downloads. */
export class ReportState {
  from = $state('');
  to = $state('');
  report = $state.raw<Report | null>(null);
  busy = $state(false);
  error = $state.raw<unknown>(null);
  /** The form's dates were asked for with one of them empty: said here, in the console's language, and nothing was sent. */
  datesMissing = $state(false);

  constructor(
    private readonly session: DeskSession,
    /** A drilled-down office at the central; undefined for one's own. */
    readonly officeId: string | undefined,
    /** The page's fetch, for the hub's CSV exports. */
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {
    const today = dayIn(session.office.clock.now(), session.office.book?.office.timeZone ?? 'America/Bogota');
    this.from = today;
    this.to = today;
  }

  async run(): Promise<void> {
    this.error = null;
    // NOTE: the hub would refuse it too, but in its schema's English ("payload.from: …").
    this.datesMissing = !isCalendarDay(this.from) || !isCalendarDay(this.to);
    if (this.datesMissing) return;
    this.busy = true;
    try {
      this.report = await this.session.request('report', { from: this.from, to: this.to, ...(this.officeId ? { officeId: this.officeId } : {}) });
    } catch (error) {
      this.error = error;
    } finally {
      this.busy = false;
    }
  }

  /**
   * The hub's CSV of the report shown (before any, of the dates in the form), fetched with the session
   * token as bearer; of the drilled-down office at the central (`officeId`), else of one's own. Null,
   * and nothing asked, when it would be of the form's dates and one is not a day (`datesMissing`).
   */
  async csv(kind: 'report' | 'tickets', origin: string): Promise<{ name: string; blob: Blob } | null> {
    // NOTE: the range on screen (the report shown), not dates typed since and not yet asked for.
    const from = this.report?.from ?? this.from;
    const to = this.report?.to ?? this.to;
    if (!this.report) {
      this.datesMissing = !isCalendarDay(from) || !isCalendarDay(to);
      if (this.datesMissing) return null;
    }
    const name = `turnero-${kind}-${from}_${to}.csv`;
    const token = this.session.connection.opts.tokens.get() ?? '';
    const res = await this.fetcher(`${origin}${csvPath(kind, from, to, this.officeId)}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    return { name, blob: await res.blob() };
  }
}
