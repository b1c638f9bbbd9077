import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '@turnero/protocol/client';
import { hubSignalling } from './hub-signalling.ts';
import type { CallMessage } from './types.ts';

type Signal = { type: 'signal'; ticketId: string; from: 'agent' | 'booth'; data: Record<string, unknown> };

function fakeClient() {
  const requests: [string, unknown][] = [];
  const signals = new Set<(s: Signal) => void>();
  const states = new Set<(s: ConnectionState) => void>();
  return {
    requests,
    client: {
      request: async (type: string, payload: unknown) => (requests.push([type, payload]), { delivered: true }),
      onSignal: (l: (s: Signal) => void) => (signals.add(l), () => signals.delete(l)),
      onState: (l: (s: ConnectionState) => void) => (states.add(l), () => states.delete(l)),
    },
    signal: (s: Signal) => signals.forEach((l) => l(s)),
    state: (s: ConnectionState) => states.forEach((l) => l(s)),
  };
}

describe('hub signalling for one ticket', () => {
  it('sends `signal {ticketId, data}`, keeps only this ticket’s well-formed messages, and reports each reconnection', async () => {
    const f = fakeClient();
    const s = hubSignalling(f.client as never, 't1');
    await s.send({ t: 'accept' });
    expect(f.requests).toEqual([['signal', { ticketId: 't1', data: { t: 'accept' } }]]);
    const got: CallMessage[] = [];
    const off = s.onMessage((m) => got.push(m));
    f.signal({ type: 'signal', ticketId: 't2', from: 'agent', data: { t: 'ring' } });
    f.signal({ type: 'signal', ticketId: 't1', from: 'agent', data: { type: 'offer' } });
    f.signal({ type: 'signal', ticketId: 't1', from: 'agent', data: { t: 'ring' } });
    expect(got).toEqual([{ t: 'ring' }]);
    off();
    f.signal({ type: 'signal', ticketId: 't1', from: 'agent', data: { t: 'bye' } });
    expect(got).toHaveLength(1);
    let back = 0;
    s.onReconnect(() => back++);
    f.state('online');
    expect(back).toBe(0);
    f.state('connecting');
    f.state('online');
    expect(back).toBe(1);
  });
});
