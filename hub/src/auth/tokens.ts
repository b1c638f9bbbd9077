import { createHash, randomBytes, randomFillSync, randomInt } from 'node:crypto';

/**
 * A bearer secret: 32 random bytes, base64url. Only its hash is stored. Never one starting with '-':
 * an office's link token is pasted into a command line (`--central-token TOKEN`), where it would
 * read as an option and the hub would not start (one token in 64 did).
 */
export function newToken(): string {
  for (;;) {
    const token = randomBytes(32).toString('base64url');
    if (!token.startsWith('-')) return token;
  }
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

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Where `uuidv7` spells its text: built in place and read out as one flat string. */
const uuidText = Buffer.alloc(36);

/**
 * A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then 74 random bits. Ids made later sort
 * after earlier ones, so primary-key inserts append instead of landing on random index pages. The
 * text is spelled into a scratch buffer and read out once: a hub keeps every waiting ticket's id,
 * and an id joined from slices would stay a tree of a dozen small strings in the heap.
 */
export function uuidv7(now: number = Date.now()): string {
  const b = randomSlice(16); // the pool's bytes are handed out once: written over in place
  b.writeUIntBE(Math.floor(now), 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) uuidText[at++] = 0x2d; // '-'
    uuidText[at++] = HEX_DIGITS[b[i]! >> 4]!;
    uuidText[at++] = HEX_DIGITS[b[i]! & 0x0f]!;
  }
  return uuidText.toString('latin1');
}
