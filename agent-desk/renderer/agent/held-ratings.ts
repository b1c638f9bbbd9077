import { RATING_WINDOW_MS } from '@turnero/protocol';

/**
 * How long a held rating is kept on this desk, by its own clock: the hub's rating window (SPEC F1)
 * decides whether it still counts, on the hub's clock; this only keeps a desk that was off for days
 * from holding old ones. A day: any clock this desk had set right since is within it.
 */
export const HELD_RATING_MAX_AGE_MS = RATING_WINDOW_MS + 24 * 3_600_000;

/** A rating the customer gave that the hub has not confirmed yet. */
export interface HeldRating {
  ticketId: string;
  number: string;
  rating: number;
  /** When this desk asked for it (the ticket had just been finished), on this desk's clock. */
  finishedAt: number;
}

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

const isHeld = (x: unknown): x is HeldRating => {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.ticketId === 'string' &&
    r.ticketId.length > 0 &&
    typeof r.number === 'string' &&
    typeof r.rating === 'number' &&
    Number.isInteger(r.rating) &&
    r.rating >= 1 &&
    r.rating <= 10 &&
    typeof r.finishedAt === 'number' &&
    Number.isFinite(r.finishedAt)
  );
};

/** The held ratings in a stored value; anything malformed (not JSON, not a list, a bad entry) is left out. */
export function parseHeldRatings(raw: string | null): HeldRating[] {
  if (raw === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(isHeld).map(({ ticketId, number, rating, finishedAt }) => ({ ticketId, number, rating, finishedAt }));
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
