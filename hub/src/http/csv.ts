import type { Ticket } from '@turnero/protocol';

const COLUMNS = ['day', 'number', 'service_id', 'status', 'preferential_class', 'arrived_at', 'called_at', 'started_at', 'ended_at', 'wait_seconds', 'service_seconds', 'counter_id', 'agent_id', 'recalls', 'transfers', 'rating', 'printed'] as const;

/** RFC 4180 field: quoted when needed; a leading =,+,-,@ is defused so spreadsheets do not run it. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const seconds = (from: number | null, to: number | null) => (from === null || to === null ? null : Math.round((to - from) / 1000));

/** One row per ticket; times in UTC ISO 8601, durations in seconds. Account numbers are left out. */
export function ticketsCsv(tickets: readonly Ticket[]): string {
  return COLUMNS.join(',') + '\r\n' + ticketRows(tickets);
}

/** The same CSV from pages of tickets (a day at a time), the event loop free between them: a year's export does not stall the hub. */
export async function ticketsCsvPaged(pages: AsyncIterable<readonly Ticket[]>): Promise<string> {
  const parts = [COLUMNS.join(',') + '\r\n'];
  for await (const page of pages) parts.push(ticketRows(page));
  return parts.join('');
}

function ticketRows(tickets: readonly Ticket[]): string {
  const lines: string[] = [];
  for (const t of tickets) {
    // The wait ends at the first call (as in the report, R3): a recall or the call after a transfer is no wait of the customer's.
    const calledAt = t.firstCalledAt ?? t.calledAt;
    lines.push(
      [t.day, t.number, t.serviceId, t.status, t.preferentialClass, iso(t.arrivedAt), iso(calledAt), iso(t.startedAt), iso(t.endedAt), seconds(t.arrivedAt, calledAt), seconds(t.startedAt, t.endedAt), t.counterId, t.agentId, t.recalls, t.transfers, t.rating, t.printed]
        .map(csvField)
        .join(','),
    );
  }
  return lines.map((line) => line + '\r\n').join('');
}
