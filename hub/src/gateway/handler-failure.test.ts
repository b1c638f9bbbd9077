import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, HubError, type HubEvent } from '@turnero/protocol';
import { connect, key, pairDevice, signIn, startTestHub, until, type TestHub } from '../../test/helpers.ts';
import type * as IssueResultModule from './issue-result.ts';

// A bug in building a command's answer, after the command was written: issueResult throws while `failing`.
const bug = vi.hoisted(() => ({ failing: false }));
vi.mock('./issue-result.ts', async (original) => {
  const real = await original<typeof IssueResultModule>();
  return {
    ...real,
    issueResult: (...args: Parameters<typeof real.issueResult>) => {
      if (bug.failing) throw new TypeError('answer could not be built');
      return real.issueResult(...args);
    },
  };
});

let hub: TestHub | null = null;
afterEach(async () => {
  bug.failing = false;
  await hub?.close();
  hub = null;
});

describe('a handler that throws after its command was written', () => {
  it('says the change was saved (not "nothing was changed") and publishes what was written, so no subscriber waits for a gap', async () => {
    hub = await startTestHub();
    const { wsUrl } = hub.hub;
    const kiosk = await connect(wsUrl, { kind: 'device', token: await pairDevice(wsUrl, 'kiosk', 'Kiosco') });
    // The supervisor's board hears every ticket as it is issued.
    const { client: board } = await signIn(wsUrl, 'supervisor');
    const heard: { seq: number; event: HubEvent }[] = [];
    let lastSeq = 0;
    await board.subscribe({ onSnapshot: (_s, seq) => (lastSeq = seq), onEvent: (event, seq) => heard.push({ seq, event }) });
    const issue = () => kiosk.request('issue_ticket', { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });

    bug.failing = true;
    const failure = await issue().then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(HubError);
    expect((failure as HubError).code).toBe(ErrorCode.INTERNAL);
    expect((failure as HubError).message).toBe('internal error after the change was saved: it is shown to everyone; look before trying again');
    // The ticket is there, and the board heard it at once, in sequence.
    const rows = hub.hub.store.db.prepare("SELECT number FROM tickets WHERE office_id = 'cucuta-centro'").all();
    expect(rows).toEqual([{ number: 'F-001' }]);
    await until(() => heard.some((h) => h.event.type === 'ticket_issued'), 2000, 'the board hearing the ticket');
    expect(heard[0]!.seq).toBe(lastSeq + 1);

    // Once the bug is gone, the next request answers as usual and the board's sequence has no gap.
    bug.failing = false;
    const { ticket } = await issue();
    expect(ticket.number).toBe('F-002');
    await until(() => heard.filter((h) => h.event.type === 'ticket_issued').length === 2, 2000, 'the second ticket');
    expect(heard.map((h) => h.seq)).toEqual(heard.map((_, i) => lastSeq + 1 + i));
    kiosk.stop();
    board.stop();
  });

  it('a failure before anything was written still says nothing was changed', async () => {
    hub = await startTestHub();
    const { wsUrl } = hub.hub;
    const kiosk = await connect(wsUrl, { kind: 'device', token: await pairDevice(wsUrl, 'kiosk', 'Kiosco') });
    const idempotencyKey = key();
    await kiosk.request('issue_ticket', { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey });
    // The same key again: answered from the ticket already issued, which writes nothing; the answer fails.
    bug.failing = true;
    const failure = await kiosk.request('issue_ticket', { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey }).then(
      () => null,
      (e: unknown) => e,
    );
    expect([(failure as HubError).code, (failure as HubError).message]).toEqual([ErrorCode.INTERNAL, 'internal error; nothing was changed']);
    kiosk.stop();
  });
});
