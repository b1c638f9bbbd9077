import { describe, expect, it } from 'vitest';
import { makeState } from '../domain/test-fixtures.ts';
import { AUDIENCES } from './audience.ts';
import { buildSnapshot } from './snapshot.ts';

describe('buildSnapshot', () => {
  it('gives the video relay’s credentials only to who makes video calls: not to hall displays nor keypad stations', () => {
    const turn = { urls: 'turn:10.0.0.5:3478', username: 'turnero', credential: 'secreto' };
    const state = makeState({ settings: { iceServers: [turn] } });
    const ice = Object.fromEntries(AUDIENCES.map((a) => [a, buildSnapshot(state, a, Date.UTC(2026, 10, 23, 15), () => []).iceServers]));
    expect(ice).toEqual({ kiosk: [turn], agent: [turn], supervisor: [turn], display: [], keypad_station: [] });
  });
});
