import '@turnero/app-kit/testing/runes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, HubError, type Callback, type IssueResult, type OfficeSnapshot, type QueueStats, type RequestPayload } from '@turnero/protocol';
import { FAILED_PRINT_IDLE_MS, KioskFlow, type KioskFlowDeps, type Screen } from '../renderer/lib/kiosk-flow.svelte.ts';
import { memoryJournal, storageJournal, type JournaledTicket, type JournalEntry } from '../renderer/lib/ticket-journal.ts';
import type { PrintOutcome } from '../renderer/lib/print-failure.ts';
import type { ReasonId } from '../renderer/lib/callback-form.svelte.ts';
import { callback, deferred, issueResult, snapshot, stat } from './fixtures.ts';

type Deferred<T> = ReturnType<typeof deferred<T>>;

/** A flow with a scripted hub and printer: each request waits for the test to answer it. */
function setup(office: { snapshot: OfficeSnapshot | null; stats: QueueStats[] } = { snapshot: snapshot(), stats: [] }, extra: Partial<KioskFlowDeps> = {}) {
  const issues: { payload: RequestPayload<'issue_ticket'>; reply: Deferred<IssueResult> }[] = [];
  const language: { current: 'es' | 'en' } = { current: 'es' };
  const callbacks: { payload: RequestPayload<'request_callback'>; reply: Deferred<{ callback: Callback }> }[] = [];
  const prints: { what: string; reply: Deferred<PrintOutcome>; unlessPrinted?: boolean; reason?: string }[] = [];
  /** Tickets the customer said came out after a print in doubt (told to the hub). */
  const confirmed: string[] = [];
  let keys = 0;
  const flow = new KioskFlow({
    hub: {
      issueTicket: (payload) => {
        const reply = deferred<IssueResult>();
        issues.push({ payload, reply });
        return reply.promise;
      },
      requestCallback: (payload) => {
        const reply = deferred<{ callback: Callback }>();
        callbacks.push({ payload, reply });
        return reply.promise;
      },
    },
    printing: {
      printTicket: (issue, _lang, opts) => {
        const reply = deferred<PrintOutcome>();
        prints.push({ what: issue.ticket.number, reply, unlessPrinted: opts?.unlessPrinted });
        return reply.promise;
      },
      printCallbackReceipt: (cb, _lang, opts) => {
        const reply = deferred<PrintOutcome>();
        prints.push({ what: cb.reference, reply, reason: cb.reason, unlessPrinted: opts?.unlessPrinted });
        return reply.promise;
      },
      confirmPrinted: async (issue) => void confirmed.push(issue.ticket.number),
    },
    office: () => office,
    lang: () => language.current,
    setLang: (lang) => (language.current = lang),
    newKey: () => `key-${++keys}-abcdefgh`,
    reasonText: (r, lang) => (lang === 'es' ? `preset:${r}` : `${lang}-preset:${r}`),
    idleMs: 30_000,
    ...extra,
  });
  return { flow, issues, callbacks, prints, confirmed, office, language };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

/** On the callback form: Ana, 3001112233, `reason` (null: another one, "Cambio de titular"); returns the form's screen. */
function annaAsksForACallback(flow: KioskFlow, reason: Exclude<ReasonId, 'other'> | null) {
  const s = flow.screen;
  if (s.name !== 'callback_form') throw new Error(`on ${s.name}`);
  s.form.set('name', 'Ana');
  s.form.set('phone', '3001112233');
  s.form.chooseReason(reason ?? 'other');
  if (reason === null) s.form.set('other', 'Cambio de titular');
  return s;
}

/** A customer's first ticket request (facturación, no preference) that got no answer: the hub may have issued it. */
async function unansweredTicket(flow: KioskFlow, issues: ReturnType<typeof setup>['issues']) {
  flow.chooseService('facturacion');
  flow.choosePreferential(null);
  void flow.takeTicket(false);
  issues[0]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
  await settle();
}

/** A customer who took a ticket (facturación, no preference, no account) that the hub issued as `number`; its print is pending. */
async function ticketShown(number: string, extra: Partial<KioskFlowDeps> = {}) {
  const setUp = setup(undefined, extra);
  setUp.flow.chooseService('facturacion');
  setUp.flow.choosePreferential(null);
  void setUp.flow.takeTicket(false);
  setUp.issues[0]!.reply.resolve(issueResult(number));
  await settle();
  return setUp;
}
const is = <N extends Screen['name']>(flow: KioskFlow, name: N) => expect(flow.screen.name).toBe(name);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('KioskFlow: the walk-in ticket', () => {
  it('goes service → preferential → account → ticket, sends the choices once, then prints', async () => {
    const { flow, issues, prints } = setup();
    flow.chooseService('facturacion');
    is(flow, 'preferential');
    flow.choosePreferential('older_adult');
    is(flow, 'account');
    for (const d of '99001122') flow.pressDigit(d);
    void flow.takeTicket(true);
    expect(flow.busy).toBe(true);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.payload).toEqual({ serviceId: 'facturacion', preferentialClass: 'older_adult', accountNumber: '99001122', phone: null, lang: 'es', idempotencyKey: 'key-1-abcdefgh' });
    is(flow, 'account');
    issues[0]!.reply.resolve(issueResult('F-007'));
    await settle();
    expect(flow.screen).toMatchObject({ name: 'ticket', issue: { ticket: { number: 'F-007' } }, print: { status: 'printing' } });
    expect(flow.busy).toBe(false);
    expect(prints.map((p) => p.what)).toEqual(['F-007']);
    prints[0]!.reply.resolve({ ok: true });
    await settle();
    expect(flow.screen).toMatchObject({ name: 'ticket', print: { status: 'printed' } });
  });

  it('an optional phone typed on the same pad goes with the ticket; a too-short one does not; the next customer starts empty', async () => {
    const { flow, issues } = setup();
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    for (const d of '1234') flow.pressDigit(d);
    flow.selectField('phone');
    for (const d of '3001234567') flow.pressDigit(d);
    flow.deleteDigit();
    flow.pressDigit('8');
    expect([flow.account, flow.phone, flow.phoneComplete]).toEqual(['1234', '3001234568', true]);
    void flow.takeTicket(true);
    expect(issues[0]!.payload).toMatchObject({ accountNumber: '1234', phone: '3001234568' });
    issues[0]!.reply.resolve(issueResult('F-008'));
    await settle();
    flow.home();
    expect([flow.account, flow.phone, flow.field]).toEqual(['', '', 'account']);
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    flow.selectField('phone');
    for (const d of '300') flow.pressDigit(d);
    void flow.takeTicket(false);
    expect(issues[1]!.payload).toMatchObject({ accountNumber: null, phone: null });
  });

  it('a double tap on the final confirm sends one request; the next customer gets a new key', async () => {
    const { flow, issues } = setup();
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    void flow.takeTicket(false);
    void flow.takeTicket(false);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.payload.accountNumber).toBeNull();
    issues[0]!.reply.resolve(issueResult());
    await settle();
    flow.home();
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    void flow.takeTicket(false);
    expect(issues[1]!.payload.idempotencyKey).not.toBe(issues[0]!.payload.idempotencyKey);
  });

  it('[P3] a request changed after a failed send gets a new key: the hub must not hand back the earlier, different ticket', async () => {
    const { flow, issues } = setup();
    await unansweredTicket(flow, issues);
    flow.back();
    flow.choosePreferential('older_adult');
    void flow.takeTicket(false);
    expect(issues[1]!.payload.preferentialClass).toBe('older_adult');
    expect(issues[1]!.payload.idempotencyKey).not.toBe(issues[0]!.payload.idempotencyKey);
    issues[1]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    void flow.takeTicket(false); // the same request again: the same key
    expect(issues[2]!.payload.idempotencyKey).toBe(issues[1]!.payload.idempotencyKey);
  });

  it('[P3] a retry after switching the language to read the error asks for the same ticket, and so does going back to an earlier choice', async () => {
    const { flow, issues, language } = setup();
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    void flow.takeTicket(false);
    issues[0]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    language.current = 'en';
    void flow.takeTicket(false);
    expect(issues[1]!.payload).toMatchObject({ lang: 'en', idempotencyKey: issues[0]!.payload.idempotencyKey });
    issues[1]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    flow.back();
    flow.choosePreferential('older_adult');
    void flow.takeTicket(false);
    issues[2]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    flow.back();
    flow.choosePreferential(null);
    void flow.takeTicket(false);
    expect(issues[3]!.payload.idempotencyKey).toBe(issues[0]!.payload.idempotencyKey);
  });

  it('[P3] a customer who, after an unanswered request, goes back to the services and picks the same again asks for the same ticket; the next visit gets a new key', async () => {
    const { flow, issues } = setup();
    await unansweredTicket(flow, issues);
    flow.back();
    flow.back();
    is(flow, 'home');
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    void flow.takeTicket(false);
    expect(issues[1]!.payload.idempotencyKey).toBe(issues[0]!.payload.idempotencyKey);
    issues[1]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    await vi.advanceTimersByTimeAsync(30_001); // left: the visit is over
    is(flow, 'home');
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    void flow.takeTicket(false);
    expect(issues[2]!.payload.idempotencyKey).not.toBe(issues[0]!.payload.idempotencyKey);
  });

  it('never shows a ticket the hub did not acknowledge; a retry reuses the same key (one ticket at most)', async () => {
    const { flow, issues } = setup();
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    void flow.takeTicket(false);
    issues[0]!.reply.reject(new HubError(ErrorCode.OFFLINE, 'not connected'));
    await settle();
    is(flow, 'account');
    expect(flow.error).toBe('offline');
    expect(flow.busy).toBe(false);
    void flow.takeTicket(false);
    expect(issues[1]!.payload.idempotencyKey).toBe(issues[0]!.payload.idempotencyKey);
    expect(flow.error).toBeNull();
    issues[1]!.reply.reject(new HubError(ErrorCode.RATE_LIMITED, 'slow down'));
    await settle();
    expect(flow.error).toBe('busy');
  });

  it('skips the preferential question when the office has no classes; back goes home', () => {
    const { flow } = setup({ snapshot: snapshot({ preferentialClasses: [] }), stats: [] });
    flow.chooseService('facturacion');
    is(flow, 'account');
    flow.back();
    is(flow, 'home');
  });

  it('ignores inactive or unknown services and unknown preferential classes', () => {
    const { flow } = setup();
    flow.chooseService('cerrado');
    flow.chooseService('nope');
    is(flow, 'home');
    flow.chooseService('facturacion');
    flow.choosePreferential('made_up');
    is(flow, 'preferential');
  });

  it('the account pad takes digits only, at most 20; with an account the confirm needs 4 or more', async () => {
    const { flow, issues } = setup();
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    flow.pressDigit('1');
    flow.pressDigit('x');
    flow.pressDigit('22');
    expect(flow.account).toBe('1');
    void flow.takeTicket(true);
    expect(issues).toHaveLength(0);
    for (let i = 0; i < 30; i++) flow.pressDigit('9');
    expect(flow.account).toHaveLength(20);
    flow.deleteDigit();
    expect(flow.account).toHaveLength(19);
    flow.clearField();
    expect(flow.account).toBe('');
    flow.back();
    is(flow, 'preferential');
  });
});

describe('KioskFlow: printing', () => {
  it('a failed print keeps the ticket on screen far past the usual idle time; a retry prints the same ticket', async () => {
    const { flow, prints } = await ticketShown('F-002');
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: false });
    await settle();
    expect(flow.screen).toMatchObject({ name: 'ticket', print: { status: 'failed', failure: 'PRINTER_PAPER_OUT' } });
    expect(flow.idleDelay).toBe(FAILED_PRINT_IDLE_MS);
    await vi.advanceTimersByTimeAsync(FAILED_PRINT_IDLE_MS - 1000);
    is(flow, 'ticket');
    void flow.retryPrint();
    expect(flow.screen).toMatchObject({ print: { status: 'printing' } });
    expect(prints.map((p) => [p.what, p.unlessPrinted])).toEqual([['F-002', undefined], ['F-002', false]]);
    prints[1]!.reply.resolve({ ok: true });
    await settle();
    expect(flow.screen).toMatchObject({ name: 'ticket', print: { status: 'printed' } });
  });

  it('a failed print left untouched for ten minutes goes home: the next walk-in must not reprint a stranger’s ticket', async () => {
    const { flow, prints } = await ticketShown('F-005');
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: false });
    await settle();
    await vi.advanceTimersByTimeAsync(FAILED_PRINT_IDLE_MS - 1000);
    is(flow, 'ticket');
    flow.touch(); // the customer is still there, looking at it
    await vi.advanceTimersByTimeAsync(FAILED_PRINT_IDLE_MS - 1000);
    is(flow, 'ticket');
    await vi.advanceTimersByTimeAsync(2000);
    is(flow, 'home');
  });

  it('a retry after the link dropped mid-print asks for paper only if none came out (the hub may have printed it)', async () => {
    const { flow, prints } = await ticketShown('F-004');
    prints[0]!.reply.resolve({ ok: false, failure: 'HUB_OFFLINE', maybePrinted: false });
    await settle();
    void flow.retryPrint();
    expect(prints.map((p) => [p.what, p.unlessPrinted])).toEqual([['F-004', undefined], ['F-004', true]]);
  });

  it('a print in doubt (the job reached the printer before it failed) asks “¿Salió su turno?” instead of offering a print; “yes” ends it printed, told to the hub, with nothing to resume', async () => {
    const journal = memoryJournal();
    const { flow, prints, confirmed } = await ticketShown('F-040', { journal });
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: true });
    await settle();
    expect(flow.screen).toMatchObject({ name: 'ticket', issue: { ticket: { number: 'F-040' } }, print: { status: 'failed', failure: 'PRINTER_PAPER_OUT', maybePrinted: true } });
    // The number stays on screen as long as after any failed print.
    expect(flow.idleDelay).toBe(FAILED_PRINT_IDLE_MS);
    expect(journal.load()).toMatchObject({ issue: { ticket: { number: 'F-040' } }, maybePrinted: true });
    flow.confirmPrinted();
    expect(flow.screen).toMatchObject({ name: 'ticket', print: { status: 'printed' } });
    expect(confirmed).toEqual(['F-040']);
    expect(prints).toHaveLength(1);
    expect(journal.load()).toBeNull();
  });

  it('“no, print again” prints it; a later failure that sent nothing still asks (a printer keeps a job through paper out and prints it once refilled)', async () => {
    const { flow, prints, confirmed } = await ticketShown('F-041');
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_TIMEOUT', maybePrinted: true });
    await settle();
    void flow.retryPrint();
    expect(flow.screen).toMatchObject({ print: { status: 'printing' } });
    prints[1]!.reply.resolve({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: false });
    await settle();
    expect(flow.screen).toMatchObject({ print: { status: 'failed', failure: 'PRINTER_PAPER_OUT', maybePrinted: true } });
    void flow.retryPrint();
    prints[2]!.reply.resolve({ ok: true });
    await settle();
    expect(flow.screen).toMatchObject({ print: { status: 'printed' } });
    expect(prints.map((p) => [p.what, p.unlessPrinted])).toEqual([['F-041', undefined], ['F-041', false], ['F-041', false]]);
    expect(confirmed).toEqual([]);
  });

  it('a failure that sent nothing is not in doubt: “print again” only, no “yes, I have it”', async () => {
    const { flow, prints, confirmed } = await ticketShown('F-042');
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: false });
    await settle();
    expect(flow.screen).toMatchObject({ print: { status: 'failed', maybePrinted: false } });
    flow.confirmPrinted();
    expect(flow.screen).toMatchObject({ print: { status: 'failed' } });
    expect(confirmed).toEqual([]);
  });

  it('a print that ends after the customer left does not touch the next customer’s screen', async () => {
    const { flow, prints } = await ticketShown('F-003');
    flow.home();
    flow.chooseService('facturacion');
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_OFFLINE', maybePrinted: false });
    await settle();
    is(flow, 'preferential');
  });
});

describe('KioskFlow: idle timeout', () => {
  it('returns home after 30 s untouched; a touch restarts the count', async () => {
    const { flow } = setup();
    flow.chooseService('facturacion');
    await vi.advanceTimersByTimeAsync(20_000);
    flow.touch();
    await vi.advanceTimersByTimeAsync(20_000);
    is(flow, 'preferential');
    await vi.advanceTimersByTimeAsync(10_001);
    is(flow, 'home');
  });

  it('waits for a request in flight, then shows its result', async () => {
    const { flow, issues } = setup();
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    void flow.takeTicket(false);
    await vi.advanceTimersByTimeAsync(45_000);
    is(flow, 'account');
    issues[0]!.reply.resolve(issueResult('F-004'));
    await settle();
    is(flow, 'ticket');
  });

  it('keeps the ticket on screen while it is still printing (a hub print may take up to a minute), then counts from the outcome', async () => {
    const { flow, prints } = await ticketShown('F-005');
    await vi.advanceTimersByTimeAsync(45_000);
    expect(flow.screen).toMatchObject({ name: 'ticket', print: { status: 'printing' } });
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_TIMEOUT', maybePrinted: false });
    await settle();
    expect(flow.screen).toMatchObject({ name: 'ticket', print: { status: 'failed' } }); // the customer sees the number to reprint
  });

  it('a printed ticket goes back home after the timeout too', async () => {
    const { flow, prints } = await ticketShown('F-005');
    prints[0]!.reply.resolve({ ok: true });
    await vi.advanceTimersByTimeAsync(30_001);
    is(flow, 'home');
  });
});

describe('KioskFlow: idle time behind the “Sin conexión” screen', () => {
  it('stops while the offline screen covers the visit, however long: back online, the customer gets the full idle time again', async () => {
    const { flow, language } = setup();
    language.current = 'en';
    flow.chooseService('facturacion');
    flow.choosePreferential(null);
    for (const d of '99001122') flow.pressDigit(d);
    await vi.advanceTimersByTimeAsync(25_000);
    flow.setHidden(true); // the hub dropped
    flow.touch(); // a touch on the offline screen does not start a count either
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect([flow.screen.name, flow.account, language.current]).toEqual(['account', '99001122', 'en']);
    flow.setHidden(false);
    await vi.advanceTimersByTimeAsync(29_000);
    is(flow, 'account');
    await vi.advanceTimersByTimeAsync(1_001); // then, untouched, the visit ends as usual
    expect([flow.screen.name, language.current]).toEqual(['home', 'es']);
  });

  it('a request whose answer was lost keeps its key through the outage: the customer who waited and asks again gets that ticket, not a second', async () => {
    const { flow, issues } = setup();
    await unansweredTicket(flow, issues);
    flow.setHidden(true);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    flow.setHidden(false);
    void flow.takeTicket(false);
    expect(issues[1]!.payload.idempotencyKey).toBe(issues[0]!.payload.idempotencyKey);
  });

  it('uncovered, the count starts only where it would anyway: never on the Spanish start screen', async () => {
    const { flow } = setup();
    flow.setHidden(true);
    flow.setHidden(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('KioskFlow: the language of the next walk-in', () => {
  /** A customer who switched to English and took a ticket, printed. */
  async function englishTicket() {
    const setUp = setup();
    setUp.language.current = 'en';
    setUp.flow.touch();
    setUp.flow.chooseService('facturacion');
    setUp.flow.choosePreferential(null);
    void setUp.flow.takeTicket(false);
    setUp.issues[0]!.reply.resolve(issueResult('F-011'));
    await settle();
    setUp.prints[0]!.reply.resolve({ ok: true });
    await settle();
    return setUp;
  }

  it('a visit ended with “Done” puts the kiosk back in Spanish', async () => {
    const { flow, language } = await englishTicket();
    flow.home();
    is(flow, 'home');
    expect(language.current).toBe('es');
  });

  it('a visit left untouched ends in Spanish: the next customer’s screen and paper are not in English', async () => {
    const { flow, language } = await englishTicket();
    await vi.advanceTimersByTimeAsync(30_001);
    is(flow, 'home');
    expect(language.current).toBe('es');
  });

  it('English chosen on the start screen and left there goes back to Spanish after the idle time; Spanish never arms a timer', async () => {
    const { flow, language } = setup();
    language.current = 'en';
    flow.touch();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(language.current).toBe('en');
    await vi.advanceTimersByTimeAsync(1_001);
    expect(language.current).toBe('es');
    is(flow, 'home');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('“Back” to the services keeps the customer’s language (the same person is still choosing)', () => {
    const { flow, language } = setup();
    language.current = 'en';
    flow.chooseService('facturacion');
    flow.back();
    is(flow, 'home');
    expect(language.current).toBe('en');
  });
});

describe('KioskFlow: "Prefiero que me llamen"', () => {
  const long = () => setup({ snapshot: snapshot(), stats: [stat('reclamos', 5, 45), stat('facturacion', 1, 5)] });
  /** A customer (speaking `lang`) facing a long wait who chose a callback and filled the form in (Ana, 3001112233, `reason`: another one unless given). */
  const filledCallbackForm = (reason: Exclude<ReasonId, 'other'> | null = null, lang: 'es' | 'en' = 'es') => {
    const setUp = long();
    const { flow } = setUp;
    setUp.language.current = lang;
    flow.chooseService('reclamos');
    flow.askForCallback();
    const s = annaAsksForACallback(flow, reason);
    return { ...setUp, s };
  };

  it('is offered only when the estimate is over the service’s target', () => {
    const { flow } = long();
    flow.chooseService('facturacion');
    is(flow, 'preferential');
    flow.home();
    flow.chooseService('reclamos');
    expect(flow.screen).toMatchObject({ name: 'long_wait', minutes: 45 });
    flow.waitInLine();
    is(flow, 'preferential');
  });

  it('sends a valid form once, then shows the receipt and prints it', async () => {
    const { flow, callbacks, prints } = long();
    flow.chooseService('reclamos');
    flow.askForCallback();
    const s = flow.screen;
    if (s.name !== 'callback_form') throw new Error(`on ${s.name}`);
    void flow.sendCallback();
    expect(callbacks).toHaveLength(0);
    expect(s.form.showProblems).toBe(true);
    s.form.set('name', 'maría núñez');
    s.form.set('phone', '300 123 4567');
    s.form.chooseReason('billing');
    void flow.sendCallback();
    void flow.sendCallback();
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]!.payload).toEqual({ serviceId: 'reclamos', name: 'maría núñez', phone: '3001234567', reason: 'preset:billing', idempotencyKey: 'key-1-abcdefgh' });
    callbacks[0]!.reply.resolve({ callback: callback() });
    await settle();
    expect(flow.screen).toMatchObject({ name: 'callback_done', callback: { reference: 'TC-ABC123' }, print: { status: 'printing' } });
    expect(prints.map((p) => p.what)).toEqual(['TC-ABC123']);
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_COVER_OPEN', maybePrinted: false });
    await settle();
    expect(flow.screen).toMatchObject({ print: { status: 'failed' } });
    expect(flow.idleDelay).toBe(FAILED_PRINT_IDLE_MS);
  });

  it('a ticket request whose answer was lost, then a callback instead: that request is not sent again after a restart', async () => {
    const journal = memoryJournal();
    const now = { t: Date.UTC(2026, 11, 6, 14, 0) };
    const opts = { snapshot: snapshot(), stats: [stat('reclamos', 5, 45), stat('facturacion', 1, 5)] };
    const { flow, issues, callbacks } = setup(opts, { journal, now: () => now.t });
    await unansweredTicket(flow, issues);
    expect(journal.load()).toMatchObject({ pending: { serviceId: 'facturacion' } });
    flow.back();
    flow.back(); // to the services with "back" (the request is kept: the same choices again get the same key)
    is(flow, 'home');
    flow.chooseService('reclamos');
    flow.askForCallback();
    annaAsksForACallback(flow, 'billing');
    void flow.sendCallback();
    callbacks[0]!.reply.resolve({ callback: callback() });
    await settle();
    expect(journal.load()).toBeNull();
    // The kiosk restarts a minute later (a power blip): nothing to resume, no ticket for someone who asked to be called.
    now.t += 60_000;
    const again = setup(opts, { journal, now: () => now.t });
    again.flow.resume();
    expect(again.issues).toEqual([]);
    is(again.flow, 'home');
  });

  it('a preset reason goes to the hub in the office language and onto the receipt in the customer’s', async () => {
    const { flow, callbacks, prints } = filledCallbackForm('outage', 'en');
    void flow.sendCallback();
    expect(callbacks[0]!.payload.reason).toBe('preset:outage');
    callbacks[0]!.reply.resolve({ callback: callback({ reason: 'preset:outage' }) });
    await settle();
    expect(prints[0]!.reason).toBe('en-preset:outage');
    expect(flow.screen).toMatchObject({ name: 'callback_done', callback: { reference: 'TC-ABC123', reason: 'en-preset:outage' } });
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: false });
    await settle();
    void flow.retryPrint();
    expect(prints[1]!.reason).toBe('en-preset:outage');
  });

  it('a receipt retried after the link dropped mid-print asks for paper only if none came out; after a printer fault it prints', async () => {
    const { flow, callbacks, prints } = filledCallbackForm();
    void flow.sendCallback();
    callbacks[0]!.reply.resolve({ callback: callback() });
    await settle();
    prints[0]!.reply.resolve({ ok: false, failure: 'HUB_OFFLINE', maybePrinted: false });
    await settle();
    void flow.retryPrint();
    prints[1]!.reply.resolve({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: false });
    await settle();
    void flow.retryPrint();
    expect(prints.map((p) => [p.what, p.unlessPrinted])).toEqual([['TC-ABC123', undefined], ['TC-ABC123', true], ['TC-ABC123', false]]);
  });

  it('a receipt in doubt asks too; “yes” ends it printed (no ticket to tell the hub about)', async () => {
    const { flow, callbacks, prints, confirmed } = filledCallbackForm();
    void flow.sendCallback();
    callbacks[0]!.reply.resolve({ callback: callback() });
    await settle();
    prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_COVER_OPEN', maybePrinted: true });
    await settle();
    expect(flow.screen).toMatchObject({ name: 'callback_done', print: { status: 'failed', maybePrinted: true } });
    flow.confirmPrinted();
    expect(flow.screen).toMatchObject({ name: 'callback_done', print: { status: 'printed' } });
    expect(prints).toHaveLength(1);
    expect(confirmed).toEqual([]);
  });

  it('[P3] a callback corrected after a failed send goes with a new key, so the corrected phone is the one kept', async () => {
    const { flow, callbacks, s } = filledCallbackForm();
    void flow.sendCallback();
    callbacks[0]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    void flow.sendCallback(); // unchanged: the same key
    expect(callbacks[1]!.payload.idempotencyKey).toBe(callbacks[0]!.payload.idempotencyKey);
    callbacks[1]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    s.form.set('phone', '3001112234');
    void flow.sendCallback();
    expect(callbacks[2]!.payload).toMatchObject({ phone: '3001112234' });
    expect(callbacks[2]!.payload.idempotencyKey).not.toBe(callbacks[0]!.payload.idempotencyKey);
  });

  it('a refused request stays on the form with the reason; back returns to the offer', async () => {
    const { flow, callbacks, s } = filledCallbackForm();
    void flow.sendCallback();
    expect(callbacks[0]!.payload.reason).toBe('Cambio de titular');
    callbacks[0]!.reply.reject(new HubError(ErrorCode.NOT_FOUND, 'no service'));
    await settle();
    is(flow, 'callback_form');
    expect(flow.error).toBe('service');
    flow.back();
    expect(flow.screen).toMatchObject({ name: 'long_wait', minutes: 45 });
    expect(flow.error).toBeNull();
    flow.askForCallback();
    expect(flow.screen).toMatchObject({ name: 'callback_form', form: { name: 'Ana' } });
    expect(flow.screen.name === 'callback_form' && flow.screen.form.key).toBe(s.form.key);
  });
});

describe('KioskFlow: a kiosk restarted between the hub’s answer and the paper', () => {
  /** A customer's ticket issued on a kiosk using `journal`, its print left pending (the kiosk then dies). */
  async function issuedThenRestarted(journal = memoryJournal(), now = { t: Date.UTC(2026, 11, 6, 14, 0) }) {
    const first = setup(undefined, { journal, now: () => now.t });
    first.flow.chooseService('facturacion');
    first.flow.choosePreferential(null);
    void first.flow.takeTicket(false);
    first.issues[0]!.reply.resolve(issueResult('F-031'));
    await settle();
    expect(first.prints.map((p) => p.what)).toEqual(['F-031']);
    return { journal, now, first };
  }

  it('the restarted kiosk shows that ticket again and prints it: the customer told their number gets their paper', async () => {
    const { journal, now } = await issuedThenRestarted();
    now.t += 20_000;
    const again = setup(undefined, { journal, now: () => now.t });
    again.flow.resume();
    is(again.flow, 'ticket');
    expect(again.flow.screen).toMatchObject({ issue: { ticket: { number: 'F-031' } }, print: { status: 'printing' } });
    expect(again.prints.map((p) => [p.what, p.unlessPrinted])).toEqual([['F-031', true]]);
    again.prints[0]!.reply.resolve({ ok: true });
    await settle();
    expect(journal.load()).toBeNull();
  });

  it('nothing to resume once the ticket printed, once the visit ended, or after three minutes (the customer has gone)', async () => {
    const printed = await issuedThenRestarted();
    printed.first.prints[0]!.reply.resolve({ ok: true });
    await settle();
    expect(printed.journal.load()).toBeNull();

    const left = await issuedThenRestarted();
    left.first.prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: false });
    await settle();
    expect(left.journal.load()).not.toBeNull(); // the number stays on screen until touched
    left.first.flow.home();
    expect(left.journal.load()).toBeNull();

    const late = await issuedThenRestarted();
    late.now.t += 3 * 60_000 + 1;
    const again = setup(undefined, { journal: late.journal, now: () => late.now.t });
    again.flow.resume();
    is(again.flow, 'home');
    expect(again.prints).toEqual([]);
    expect(late.journal.load()).toBeNull();
  });

  it('restarted again during that print: no third print, the number on screen asking whether it came out; “no” prints it', async () => {
    const { journal, now } = await issuedThenRestarted();
    setup(undefined, { journal, now: () => now.t }).flow.resume(); // dies while printing it again
    const third = setup(undefined, { journal, now: () => now.t });
    third.flow.resume();
    expect(third.prints).toEqual([]);
    expect(third.flow.screen).toMatchObject({ name: 'ticket', issue: { ticket: { number: 'F-031' } }, print: { status: 'failed', failure: 'INTERRUPTED', maybePrinted: true } });
    void third.flow.retryPrint();
    expect(third.prints.map((p) => p.what)).toEqual(['F-031']);
  });

  it('restarted with a print in doubt on screen: the kiosk asks again rather than prints; “yes” leaves nothing to resume', async () => {
    const { journal, now, first } = await issuedThenRestarted();
    first.prints[0]!.reply.resolve({ ok: false, failure: 'PRINTER_OFFLINE', maybePrinted: true });
    await settle();
    now.t += 20_000;
    const again = setup(undefined, { journal, now: () => now.t });
    again.flow.resume();
    expect(again.prints).toEqual([]);
    expect(again.flow.screen).toMatchObject({ name: 'ticket', issue: { ticket: { number: 'F-031' } }, print: { status: 'failed', maybePrinted: true } });
    again.flow.confirmPrinted();
    expect(again.confirmed).toEqual(['F-031']);
    expect(journal.load()).toBeNull();
  });

  /** A customer (in English) who asked for a preferential ticket with an account number on a kiosk using `journal`; no answer came (the kiosk then dies). */
  async function sentThenRestarted(journal = memoryJournal(), now = { t: Date.UTC(2026, 11, 6, 14, 0) }) {
    const first = setup(undefined, { journal, now: () => now.t });
    first.language.current = 'en';
    first.flow.chooseService('facturacion');
    first.flow.choosePreferential('older_adult');
    for (const d of '99001122') first.flow.pressDigit(d);
    void first.flow.takeTicket(true);
    await settle();
    expect(first.issues).toHaveLength(1);
    return { journal, now, first };
  }

  it('restarted before the hub’s answer: the kiosk sends the same request with the same key and shows and prints the ticket the hub issued', async () => {
    const { journal, now, first } = await sentThenRestarted();
    now.t += 20_000;
    const again = setup(undefined, { journal, now: () => now.t });
    again.flow.resume();
    expect(again.issues.map((i) => i.payload)).toEqual([first.issues[0]!.payload]);
    expect(again.issues[0]!.payload).toMatchObject({ serviceId: 'facturacion', preferentialClass: 'older_adult', accountNumber: '99001122', lang: 'en', idempotencyKey: 'key-1-abcdefgh' });
    // The customer's screen as they sent it, in their language, waiting for the answer.
    expect(again.flow.screen).toMatchObject({ name: 'account', draft: { serviceId: 'facturacion', preferentialClass: 'older_adult' } });
    expect([again.flow.account, again.flow.busy, again.language.current]).toEqual(['99001122', true, 'en']);
    again.issues[0]!.reply.resolve(issueResult('F-040'));
    await settle();
    expect(again.flow.screen).toMatchObject({ name: 'ticket', issue: { ticket: { number: 'F-040' } }, print: { status: 'printing' } });
    expect(again.prints.map((p) => p.what)).toEqual(['F-040']);
    expect(journal.load()).toMatchObject({ issue: { ticket: { number: 'F-040' } }, resumed: false }); // the request is handled: the ticket replaces it
    again.prints[0]!.reply.resolve({ ok: true });
    await settle();
    expect(journal.load()).toBeNull();
  });

  it('restarted before the answer, then no answer again: the customer’s retry still goes with the first key', async () => {
    const { journal, now, first } = await sentThenRestarted();
    first.issues[0]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    expect(journal.load()).toMatchObject({ pending: { idempotencyKey: 'key-1-abcdefgh' } }); // the hub may have issued it
    const again = setup(undefined, { journal, now: () => now.t });
    again.flow.resume();
    again.issues[0]!.reply.reject(new HubError(ErrorCode.CONNECTION_LOST, 'dropped'));
    await settle();
    expect([again.flow.screen.name, again.flow.error]).toEqual(['account', 'offline']);
    void again.flow.takeTicket(true); // "try again"
    again.issues[1]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    again.flow.back();
    again.flow.back();
    is(again.flow, 'home'); // back to the services, and the same choices again
    again.flow.chooseService('facturacion');
    again.flow.choosePreferential('older_adult');
    for (const d of '99001122') again.flow.pressDigit(d);
    void again.flow.takeTicket(true);
    expect(again.issues.map((i) => i.payload.idempotencyKey)).toEqual(['key-1-abcdefgh', 'key-1-abcdefgh', 'key-1-abcdefgh']);
  });

  it('a request is not sent again once the hub refused it, once the visit ended, after three minutes, or noted “later” than now (a clock set back)', async () => {
    const refused = await sentThenRestarted();
    refused.first.issues[0]!.reply.reject(new HubError(ErrorCode.SERVICE_INACTIVE, 'closed'));
    await settle();
    expect(refused.journal.load()).toBeNull();

    const left = await sentThenRestarted();
    left.first.issues[0]!.reply.reject(new HubError(ErrorCode.TIMEOUT, 'no answer'));
    await settle();
    await vi.advanceTimersByTimeAsync(30_001); // the customer went away: the visit is over
    is(left.first.flow, 'home');
    expect(left.journal.load()).toBeNull();

    for (const shift of [3 * 60_000 + 1, -60_000]) {
      const old = await sentThenRestarted();
      old.now.t += shift;
      const again = setup(undefined, { journal: old.journal, now: () => old.now.t });
      again.flow.resume();
      is(again.flow, 'home');
      expect(again.issues).toEqual([]);
      expect(old.journal.load()).toBeNull();
    }
  });

  it('storageJournal keeps the entry (a ticket, or a request in flight) across page loads and drops one it cannot read', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
    const entry: JournaledTicket = { issue: issueResult('F-007'), lang: 'es', savedAt: 1, resumed: false };
    storageJournal(storage).save(entry);
    expect(storageJournal(storage).load()).toEqual(entry);
    const pending: JournalEntry = { pending: { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, phone: '3001234567', lang: 'en', idempotencyKey: 'key-1-abcdefgh' }, savedAt: 2 };
    storageJournal(storage).save(pending);
    expect(storageJournal(storage).load()).toEqual(pending);
    data.set('turnero.kiosk.unprinted', JSON.stringify({ pending: { serviceId: 'facturacion' }, savedAt: 2 }));
    expect(storageJournal(storage).load()).toBeNull();
    data.set('turnero.kiosk.unprinted', '{"issue":');
    expect(storageJournal(storage).load()).toBeNull();
    data.set('turnero.kiosk.unprinted', JSON.stringify({ issue: { ticket: {} }, savedAt: 'x' }));
    expect(storageJournal(storage).load()).toBeNull();
    expect(data.has('turnero.kiosk.unprinted')).toBe(false);
  });
});
