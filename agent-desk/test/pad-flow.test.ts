import { describe, expect, it } from 'vitest';
import type { HubEvent } from '@turnero/protocol';
import { padEvent, padFromSnapshot, stopAsking, type PadModel } from '../renderer/pad/pad-flow.ts';
import { counter, snapshot, T0 } from './fixtures.ts';

const at = T0;
const call = (ticketId: string, number: string, counterId: string): HubEvent => ({
  type: 'ticket_called', at, ticketId, number, serviceId: 'facturacion', counterId, counterName: counterId, agentId: 'a1', preferential: false, rule: 'normal', manualReason: null,
});
const start = padFromSnapshot(snapshot(), 'modulo-1', null);
const run = (model: PadModel, ...events: HubEvent[]) => events.reduce(padEvent, model);

describe('the on-screen rating pad of a counter', () => {
  it('learns the ticket at its counter from the snapshot', () => {
    const s = snapshot({ counters: [counter('modulo-1', ['facturacion'], { state: 'available', agentId: 'a1', currentTicketId: 't1', currentNumber: 'F-001' })] });
    expect(padFromSnapshot(s, 'modulo-1', null)).toEqual({ counterId: 'modulo-1', counterName: 'Módulo 1', current: { ticketId: 't1', number: 'F-001' }, asking: null });
    const asking = { ...start, asking: { ticketId: 't0', number: 'F-000' } };
    expect(padFromSnapshot(s, 'modulo-1', asking).asking).toEqual({ ticketId: 't0', number: 'F-000' });
  });

  it('[F1] asks for a rating when the ticket served at its counter finishes', () => {
    const m = run(start, call('t1', 'F-001', 'modulo-1'), { type: 'service_started', at, ticketId: 't1' }, { type: 'service_finished', at, ticketId: 't1' });
    expect(m).toMatchObject({ current: null, asking: { ticketId: 't1', number: 'F-001' } });
  });

  it('ignores finishes at other counters, and tickets that left without being served', () => {
    expect(run(start, call('t2', 'F-002', 'modulo-2'), { type: 'service_finished', at, ticketId: 't2' }).asking).toBeNull();
    for (const left of [
      { type: 'ticket_no_show', at, ticketId: 't1', reason: 'agent' },
      { type: 'ticket_requeued', at, ticketId: 't1' },
      { type: 'ticket_transferred', at, ticketId: 't1', fromServiceId: 'facturacion', toServiceId: 'reclamos', toCounterId: null, note: '' },
      { type: 'ticket_cancelled', at, ticketId: 't1', reason: 'x' },
      { type: 'counter_closed', at, counterId: 'modulo-1', agentId: 'a1' },
    ] satisfies HubEvent[]) {
      expect(run(start, call('t1', 'F-001', 'modulo-1'), left, { type: 'service_finished', at, ticketId: 't1' }).asking).toBeNull();
    }
  });

  it('[A8] does not ask when a supervisor finished the ticket by releasing the counter: the customer left long ago', () => {
    const m = run(start, call('t1', 'F-001', 'modulo-1'), { type: 'service_started', at, ticketId: 't1' }, { type: 'service_finished', at, ticketId: 't1', releasedBy: 'sup' });
    expect(m).toMatchObject({ current: null, asking: null });
  });

  it('[A8] a release finishing the next customer does not stop the question still open for the previous one', () => {
    const asking = run(start, call('t1', 'F-001', 'modulo-1'), { type: 'service_finished', at, ticketId: 't1' }, call('t2', 'F-002', 'modulo-1'));
    const m = run(asking, { type: 'service_started', at, ticketId: 't2' }, { type: 'service_finished', at, ticketId: 't2', releasedBy: 'sup' });
    expect(m).toMatchObject({ current: null, asking: { ticketId: 't1' } });
  });

  it('a ticket called elsewhere is no longer this counter’s', () => {
    expect(run(start, call('t1', 'F-001', 'modulo-1'), call('t1', 'F-001', 'modulo-2')).current).toBeNull();
  });

  it('stops asking once the ticket is rated (here or on the keypad), or when told', () => {
    const asking = run(start, call('t1', 'F-001', 'modulo-1'), { type: 'service_finished', at, ticketId: 't1' });
    expect(padEvent(asking, { type: 'ticket_rated', at, ticketId: 'other', rating: 9, counterId: 'modulo-1', agentId: 'a1', source: 'keypad' }).asking).not.toBeNull();
    expect(padEvent(asking, { type: 'ticket_rated', at, ticketId: 't1', rating: 9, counterId: 'modulo-1', agentId: 'a1', source: 'keypad' }).asking).toBeNull();
    expect(stopAsking(asking).asking).toBeNull();
    expect(stopAsking(start)).toBe(start);
  });

  it('keeps asking while the agent calls the next customer', () => {
    const m = run(start, call('t1', 'F-001', 'modulo-1'), { type: 'service_finished', at, ticketId: 't1' }, call('t2', 'F-002', 'modulo-1'));
    expect(m).toMatchObject({ current: { ticketId: 't2' }, asking: { ticketId: 't1' } });
  });

  it('follows a rename of its counter', () => {
    expect(padEvent(start, { type: 'config_changed', at, by: 'admin', change: { kind: 'counter', counter: { id: 'modulo-1', name: 'Caja 1', serviceIds: [] } } }).counterName).toBe('Caja 1');
  });
});
