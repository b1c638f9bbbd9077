import { describe, expect, it } from 'vitest';
import { ErrorCode, HubError, isUnreachable, refusalOf, refused } from './errors.ts';

describe('refusals', () => {
  it('carries why a change was refused, for the apps to word in their own language', () => {
    const e = refused({ reason: 'prefix_in_use', prefix: 'F', service: 'Facturación' }, 'prefix F is already used by Facturación');
    expect(e.code).toBe(ErrorCode.INVALID_ARGUMENT);
    expect(e.message).toBe('prefix F is already used by Facturación');
    expect(refusalOf(e)).toEqual({ reason: 'prefix_in_use', prefix: 'F', service: 'Facturación' });
    // As a client rebuilds it from an error reply.
    expect(refusalOf(new HubError(ErrorCode.INVALID_ARGUMENT, 'x', { reason: 'range_inverted' }))).toEqual({ reason: 'range_inverted' });
  });

  it('is not read from anything else: another code, an unknown reason, values that are not text, other details', () => {
    expect(refusalOf(new HubError(ErrorCode.FORBIDDEN, 'x', { reason: 'range_inverted' }))).toBeNull();
    expect(refusalOf(new HubError(ErrorCode.INVALID_ARGUMENT, 'x', { reason: 'toString' }))).toBeNull();
    expect(refusalOf(new HubError(ErrorCode.INVALID_ARGUMENT, 'x', { reason: 'username_taken', username: { html: '<b>' } }))).toBeNull();
    expect(refusalOf(new HubError(ErrorCode.INVALID_ARGUMENT, 'x', [{ path: 'payload.id' }]))).toBeNull();
    expect(refusalOf(new HubError(ErrorCode.INVALID_ARGUMENT, 'x'))).toBeNull();
    expect(refusalOf(new Error('x'))).toBeNull();
  });
});

describe('isUnreachable', () => {
  it('is true for the client\'s own no-answer codes only, never for a refusal by the hub', () => {
    for (const code of [ErrorCode.OFFLINE, ErrorCode.CONNECTION_LOST, ErrorCode.TIMEOUT]) expect(isUnreachable(new HubError(code, 'x'))).toBe(true);
    for (const code of [ErrorCode.INTERNAL, ErrorCode.PROTOCOL_VERSION, ErrorCode.INVALID_TOKEN, ErrorCode.RATE_LIMITED]) expect(isUnreachable(new HubError(code, 'x'))).toBe(false);
    expect(isUnreachable(new Error('OFFLINE'))).toBe(false);
  });
});
