import { createHash, randomBytes, randomFillSync, randomInt } from 'node:crypto';

/** A bearer secret: 32 random bytes, base64url. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps of a token or code; a lookup by hash means a tampered token simply matches nothing. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A six-digit one-time pairing code. */
export function newPairingCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Random bytes drawn from a pool refilled 4 KiB at a time (one getrandom call instead of one per
 * ticket, as Node does for randomUUID). Each byte is handed out once.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomSlice(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

/** The base64url alphabet in ASCII order, so that fixed-width encodings sort like the numbers they encode. */
const SORTED_B64 = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** `ms` as 8 characters of SORTED_B64 (48 bits, good until the year 10889): text order is time order. */
export function sortableTime(ms: number): string {
  let out = '';
  let n = Math.floor(ms);
  for (let i = 0; i < 8; i++) {
    out = SORTED_B64[n % 64]! + out;
    n = Math.floor(n / 64);
  }
  return out;
}

/**
 * An unguessable id for a ticket's public status link: the issue time (8 characters) then 128 random
 * bits. The time prefix keeps the store's unique index append-only (one page per commit instead of
 * one random page per ticket); the secret part is the 128 random bits, as before.
 */
export function newStatusToken(now: number = Date.now()): string {
  return sortableTime(now) + randomSlice(16).toString('base64url');
}

/**
 * A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then 74 random bits. Ids made later sort
 * after earlier ones, so primary-key inserts append instead of landing on random index pages.
 */
export function uuidv7(now: number = Date.now()): string {
  const b = randomSlice(16); // the pool's bytes are handed out once: written over in place
  b.writeUIntBE(Math.floor(now), 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
