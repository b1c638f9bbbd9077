import { createHash, randomBytes, randomInt } from 'node:crypto';

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

/** An unguessable id for a ticket's public status link. */
export function newStatusToken(): string {
  return randomBytes(16).toString('base64url');
}
