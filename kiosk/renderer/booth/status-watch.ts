import type { Ticket } from '@turnero/protocol';
import type { BoothTicketStatus } from './booth-flow.svelte.ts';

const STATUSES: readonly Ticket['status'][] = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'];

/** The token of a live ticket page: the last path segment of IssueResult.statusUrl. */
export function statusToken(statusUrl: string): string {
  const path = new URL(statusUrl, 'http://x/').pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** Parses one Server-Sent Event of the ticket status stream; null for anything else. */
export function parseStatusEvent(data: string): BoothTicketStatus | null {
  try {
    const o = JSON.parse(data) as Record<string, unknown>;
    if (!STATUSES.includes(o.status as Ticket['status'])) return null;
    // NOTE: a hub from before `rateable` rated every done ticket.
    return { status: o.status as Ticket['status'], counterName: typeof o.counterName === 'string' ? o.counterName : null, rateable: o.rateable !== false };
  } catch {
    return null;
  }
}

/**
 * Follows a ticket at `/api/ticket-status/<token>/events` on this page's hub (the statusUrl's host
 * is the hub's public address, which the booth may not reach the same way). EventSource reconnects
 * by itself after a drop; a final status closes it.
 */
export function watchTicketStatus(origin: string, statusUrl: string, onStatus: (status: BoothTicketStatus) => void): () => void {
  const source = new EventSource(`${origin}/api/ticket-status/${encodeURIComponent(statusToken(statusUrl))}/events`);
  source.onmessage = (event: MessageEvent<string>) => {
    const status = parseStatusEvent(event.data);
    if (!status) return;
    if (status.status === 'done' || status.status === 'no_show' || status.status === 'cancelled') source.close();
    onStatus(status);
  };
  return () => source.close();
}
