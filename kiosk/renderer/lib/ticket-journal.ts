import { z } from 'zod';
import { IssueResultSchema, Lang } from '@turnero/protocol';

/**
 * Where the kiosk notes that ticket, so that a kiosk restarted between the hub's answer and the
 * paper (a crash, a power blip) shows it again: the customer was told a number and stands there.
 */
export interface TicketJournal {
  load(): JournaledTicket | null;
  save(entry: JournaledTicket | null): void;
}

/** The ticket on this kiosk's screen whose customer may not have it on paper yet. */
const Entry = z.object({
  issue: IssueResultSchema,
  lang: Lang,
  /** Wall-clock time it was noted (when the hub's answer arrived). */
  savedAt: z.number(),
  /** A restarted kiosk already showed it again and started printing it once. */
  resumed: z.boolean(),
});
export type JournaledTicket = z.infer<typeof Entry>;

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
        // NOTE: storage full or refused: the ticket still prints now; only a restart could not bring it back.
      }
    },
  };
}

/** A journal in memory (tests, and a kiosk without storage). */
export function memoryJournal(): TicketJournal {
  let entry: JournaledTicket | null = null;
  return { load: () => entry, save: (e) => void (entry = e) };
}
