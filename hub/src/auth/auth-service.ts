import { ErrorCode, HubError, refused, type DeviceKind, type Principal, type SequencedEvent } from '@turnero/protocol';
import type { OfficeEngine } from '../office-engine.ts';
import type { DeviceRow, UserRow } from '../store/sqlite-store.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashSecret, newPairingCode, newToken } from './tokens.ts';

export interface AuthOptions {
  sessionTtlMs: number;
  pairingTtlMs: number;
}

export function userPrincipal(u: UserRow): Principal {
  return { kind: 'user', id: u.id, officeId: u.officeId, name: u.displayName, role: u.role, counterId: null };
}

export function devicePrincipal(d: DeviceRow): Principal {
  return { kind: 'device', id: d.id, officeId: d.officeId, name: d.name, role: d.kind, counterId: d.counterId };
}

/** Passwords, session tokens, device tokens and pairing codes. Only hashes of secrets are stored. */
export class AuthService {
  #dummyHash: Promise<string> | null = null;

  constructor(
    readonly engine: OfficeEngine,
    readonly opts: AuthOptions,
  ) {}

  get #store() {
    return this.engine.store;
  }

  async login(username: string, password: string): Promise<{ token: string; expiresAt: number; principal: Principal }> {
    const user = this.#store.userByUsername(username);
    // NOTE: an unknown user still costs one scrypt, so timing does not tell which usernames exist.
    this.#dummyHash ??= hashPassword('not-a-real-password');
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.#dummyHash));
    if (!user || !ok || !user.active) throw new HubError(ErrorCode.INVALID_CREDENTIALS, 'wrong username or password');
    const token = newToken();
    const now = this.engine.clock();
    const expiresAt = now + this.opts.sessionTtlMs;
    this.#store.createSession(hashSecret(token), user.id, now, expiresAt);
    return { token, expiresAt, principal: userPrincipal(user) };
  }

  /** The user behind a session token; INVALID_TOKEN for an unknown or tampered one, SESSION_EXPIRED when past its time. */
  session(token: string): { principal: Principal; expiresAt: number } {
    const s = this.#store.sessionByHash(hashSecret(token));
    if (!s) throw new HubError(ErrorCode.INVALID_TOKEN, 'unknown session token');
    if (s.expiresAt <= this.engine.clock()) throw new HubError(ErrorCode.SESSION_EXPIRED, 'session expired: sign in again');
    const user = this.#store.userById(s.userId);
    if (!user || !user.active) throw new HubError(ErrorCode.INVALID_TOKEN, 'user disabled');
    return { principal: userPrincipal(user), expiresAt: s.expiresAt };
  }

  logout(token: string): void {
    this.#store.deleteSession(hashSecret(token));
  }

  device(token: string): DeviceRow {
    const d = this.#store.deviceByTokenHash(hashSecret(token));
    if (!d || d.revoked) throw new HubError(ErrorCode.INVALID_TOKEN, 'unknown or revoked device token');
    return d;
  }

  createPairingCode(officeId: string, input: { kind: DeviceKind; name: string; counterId: string | null }, createdBy: string): { code: string; expiresAt: number } {
    if (input.kind === 'keypad_station' && input.counterId === null) throw refused({ reason: 'keypad_needs_counter' }, 'a keypad station belongs to a counter');
    if (input.counterId !== null && !this.engine.state(officeId).counters.has(input.counterId)) throw new HubError(ErrorCode.NOT_FOUND, `no counter ${input.counterId}`);
    const expiresAt = this.engine.clock() + this.opts.pairingTtlMs;
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newPairingCode();
      try {
        this.#store.createPairingCode(hashSecret(code), { officeId, kind: input.kind, name: input.name, counterId: input.counterId, expiresAt }, createdBy);
        return { code, expiresAt };
      } catch (error) {
        if (!String(error).includes('UNIQUE')) throw error;
      }
    }
    throw new HubError(ErrorCode.INTERNAL, 'could not allocate a pairing code; try again');
  }

  /** Trades a one-time code for a device token; the code can never be used again. */
  pairDevice(code: string, name: string): { token: string; device: DeviceRow; events: SequencedEvent[] } {
    const now = this.engine.clock();
    const pairing = this.#store.takePairingCode(hashSecret(code), now);
    if (!pairing) throw new HubError(ErrorCode.INVALID_PAIRING_CODE, 'unknown, used or expired pairing code');
    const token = newToken();
    const device: DeviceRow = {
      id: this.engine.newId(),
      officeId: pairing.officeId,
      kind: pairing.kind,
      name: name || pairing.name,
      counterId: pairing.counterId,
      tokenHash: hashSecret(token),
      pairedAt: now,
      revoked: false,
      lastSeenAt: now,
      health: {},
      printerUri: null,
      paperWidth: 80,
    };
    const { tokenHash: _hash, ...pub } = device;
    const events = this.engine.execute(pairing.officeId, () => [{ type: 'device_paired', at: now, device: { ...pub, online: true } }], {
      extraWrites: () => this.#store.createDevice(device),
    });
    return { token, device, events };
  }
}
