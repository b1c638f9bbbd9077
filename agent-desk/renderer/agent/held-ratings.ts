import { z } from 'zod';
import { Id, RATING_WINDOW_MS, requestPayloads } from '@turnero/protocol';

/**
 * How long a held rating is kept on this desk, by its own clock: the hub's rating window (SPEC F1)
 * decides whether it still counts, on the hub's clock; this only keeps a desk that was off for days
 * from holding old ones. A day: any clock this desk had set right since is within it.
 */
export const HELD_RATING_MAX_AGE_MS = RATING_WINDOW_MS + 24 * 3_600_000;

/** A rating the customer gave that the hub has not confirmed yet (its ticket and rating as `rate_ticket` takes them). */
const HeldRatingSchema = z.object({
  ticketId: Id,
  number: z.string(),
  rating: requestPayloads.rate_ticket.shape.rating,
  /** When this desk asked for it (the ticket had just been finished), on this desk's clock. */
  finishedAt: z.number(),
});
export type HeldRating = z.infer<typeof HeldRatingSchema>;

/** Where given ratings wait until the hub has them, so a reload or a restart of the desk keeps them. */
export interface HeldRatingStore {
  load(): HeldRating[];
  put(rating: HeldRating): void;
  drop(ticketId: string): void;
}

/** Keeps nothing: a desk without storage (or no one signed in) holds its ratings in memory only. */
export const NO_HELD_STORE: HeldRatingStore = { load: () => [], put: () => undefined, drop: () => undefined };

/** The storage key of an agent's held ratings: only whoever served a ticket may rate it from their desk. */
export function heldRatingsKey(officeId: string, agentId: string): string {
  return `turnero.desk.heldRatings.${officeId}.${agentId}`;
}

/** The held ratings of whoever is signed in at this desk (none kept without storage or anyone signed in). */
export function heldRatingsOf(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null | undefined, principal: { id: string; officeId: string } | null): HeldRatingStore {
  return storage && principal ? storedHeldRatings(storage, heldRatingsKey(principal.officeId, principal.id)) : NO_HELD_STORE;
}

/** The held ratings in a stored value; anything malformed (not JSON, not a list, a bad entry) is left out, unknown fields too. */
export function parseHeldRatings(raw: string | null): HeldRating[] {
  if (raw === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const held = HeldRatingSchema.safeParse(entry);
    return held.success ? [held.data] : [];
  });
}

/**
 * Held ratings in `storage` under `key`. Each change reads the stored list again (another tab of the
 * same agent may have changed it). NOTE: storage that fails (private mode, full) keeps nothing and
 * breaks nothing: the ratings are still held in memory.
 */
export function storedHeldRatings(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, key: string): HeldRatingStore {
  const read = (): HeldRating[] => {
    try {
      return parseHeldRatings(storage.getItem(key));
    } catch {
      return [];
    }
  };
  const write = (ratings: HeldRating[]): void => {
    try {
      if (ratings.length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(ratings));
    } catch {
      // See the note above.
    }
  };
  return {
    load: read,
    put: (rating) => write([...read().filter((r) => r.ticketId !== rating.ticketId), rating]),
    drop: (ticketId) => {
      const before = read();
      const after = before.filter((r) => r.ticketId !== ticketId);
      if (after.length !== before.length) write(after);
    },
  };
}
