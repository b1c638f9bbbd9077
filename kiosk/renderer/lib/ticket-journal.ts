import { z } from 'zod';
import { IssueResultSchema, Lang, requestPayloads } from '@turnero/protocol';

/**
 * Where the kiosk notes the ticket request in flight and then the ticket, so that a kiosk restarted
 * in between (a crash, a power blip) does not lose them: before the hub's answer, the request is sent
 * again with its key (the hub hands back the ticket it issued, not a second one); after it, the
 * ticket is shown again — the customer was told a number and stands there. One entry at a time: the
 * answer replaces the request.
 */
export interface TicketJournal {
  load(): JournalEntry | null;
  save(entry: JournalEntry | null): void;
}

/** The ticket on this kiosk's screen whose customer may not have it on paper yet. */
const Issued = z.object({
  issue: IssueResultSchema,
  lang: Lang,
  /** Wall-clock time it was noted (when the hub's answer arrived). */
  savedAt: z.number(),
  /** A restarted kiosk already showed it again and started printing it once. */
  resumed: z.boolean(),
  /** A print of it failed after reaching the printer: it may be on paper (a restarted kiosk asks, does not print). */
  maybePrinted: z.boolean().optional(),
});
export type JournaledTicket = z.infer<typeof Issued>;

/** A ticket request sent (with its idempotency key and the customer's language) whose answer the kiosk has not handled yet. */
const Pending = z.object({
  pending: requestPayloads.issue_ticket,
  /** Wall-clock time it was noted (just before it was sent). */
  savedAt: z.number(),
});
export type PendingIssue = z.infer<typeof Pending>;

const Entry = z.union([Issued, Pending]);
export type JournalEntry = JournaledTicket | PendingIssue;

// NOTE: the name predates the pending request; kept so that an entry written by an older build is still read.
export const JOURNAL_KEY = 'turnero.kiosk.unprinted';

/** The journal in the page's localStorage (it survives a reload and an app restart); an unreadable entry is dropped. */
export function storageJournal(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = globalThis.localStorage, key = JOURNAL_KEY): TicketJournal {
  return {
    load() {
      const text = storage.getItem(key);
      if (text === null) return null;
      try {
        const parsed = Entry.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // unreadable: dropped below
      }
      storage.removeItem(key);
      return null;
    },
    save(entry) {
      try {
        if (entry === null) storage.removeItem(key);
        else storage.setItem(key, JSON.stringify(entry));
      } catch {
        // NOTE: storage full or refused: the request goes and the ticket prints now; only a restart could not bring them back.
      }
    },
  };
}

/** A journal in memory (tests, and a kiosk without storage). */
export function memoryJournal(): TicketJournal {
  let entry: JournalEntry | null = null;
  return { load: () => entry, save: (e) => void (entry = e) };
}
