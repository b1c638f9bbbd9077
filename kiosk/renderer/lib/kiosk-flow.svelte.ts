import { realTimers, type Timers } from '@turnero/app-kit/renderer';
import { HubError, PHONE_MAX_DIGITS, type Callback, type IssueResult, type Lang, type OfficeSnapshot, type QueueStats, type RequestPayload } from '@turnero/protocol';
import { CallbackForm, isPhone, type ReasonId } from './callback-form.svelte.ts';
import { activeService, longWaitMinutes } from './catalog.ts';
import { errorKind, type ErrorKind } from './error-kind.ts';
import type { PrintFailure, PrintOutcome } from './print-failure.ts';
import type { KioskPrinting } from './printing.ts';
import { RequestKey } from './request-key.ts';
import { memoryJournal, type PendingIssue, type TicketJournal } from './ticket-journal.ts';

/** The hub requests the kiosk makes; both are idempotent (a retry after a drop returns the first result). */
export interface KioskHub {
  issueTicket(payload: RequestPayload<'issue_ticket'>): Promise<IssueResult>;
  requestCallback(payload: RequestPayload<'request_callback'>): Promise<{ callback: Callback }>;
}

export interface KioskFlowDeps {
  hub: KioskHub;
  printing: KioskPrinting;
  office: () => { snapshot: OfficeSnapshot | null; stats: readonly QueueStats[] };
  lang: () => Lang;
  /** Sets the language: a visit that ends puts `homeLang` back, so the next walk-in is not greeted (and printed for) in the last one's. */
  setLang?: (lang: Lang) => void;
  /** The language every visit starts in; Spanish unless given. */
  homeLang?: Lang;
  newKey: () => string;
  /** Text of a preset callback reason in a language: the office's (Spanish) for the staff who call, the customer's on the receipt. */
  reasonText: (reason: Exclude<ReasonId, 'other'>, lang: Lang) => string;
  timers?: Timers;
  /** Back to the start after this long untouched (not while a failed print is on screen). */
  idleMs?: number;
  /** Where the ticket request in flight, then the ticket not yet on paper, is noted for a restarted kiosk (`resume`); none: not noted. */
  journal?: TicketJournal;
  /** Wall-clock time (the journal's age check). */
  now?: () => number;
}

/**
 * A failed print's screen (the number and QR, "print again") stays this long untouched, far past the
 * usual idle time: long enough to fetch staff or a phone; then home, so that the next walk-in cannot
 * reprint a stranger's ticket.
 */
export const FAILED_PRINT_IDLE_MS = 10 * 60_000;

/** A ticket (or request) noted longer ago than this is not shown (or sent) again after a restart: its customer has gone. */
export const RESUME_WITHIN_MS = 3 * 60_000;

/**
 * `maybePrinted`: a print of it may have come out (the job reached the printer before it failed, or
 * the kiosk restarted mid-print): the customer is asked "¿Salió su turno?" — "yes" (confirmPrinted)
 * or "no, print again" (retryPrint) — instead of being offered a print that could be a second paper.
 * It stays with the screen until the paper is out: a later failure that sent nothing does not clear
 * it (an ESC/POS printer keeps a job through paper out and prints it once refilled).
 */
export type PrintState = { status: 'printing' } | { status: 'printed' } | { status: 'failed'; failure: PrintFailure; maybePrinted: boolean };

/** One customer's choices so far; its key makes every retry of this ticket the same ticket. */
export interface Draft {
  serviceId: string;
  preferentialClass: string | null;
  key: RequestKey;
}

export type Screen =
  | { name: 'home' }
  /** `form`: a callback form started earlier in this visit, kept (with its key) when the customer steps back. */
  | { name: 'long_wait'; draft: Draft; minutes: number; form?: CallbackForm }
  | { name: 'preferential'; draft: Draft }
  | { name: 'account'; draft: Draft }
  | { name: 'ticket'; issue: IssueResult; print: PrintState }
  | { name: 'callback_form'; draft: Draft; minutes: number; form: CallbackForm }
  | { name: 'callback_done'; callback: Callback; print: PrintState };

/** A ticket request as the key is kept for: what the hub acts on, always in this order (RequestKey compares the JSON). */
export type IssueRequest = Omit<RequestPayload<'issue_ticket'>, 'lang' | 'idempotencyKey' | 'phone'> & { phone: string | null };

const issueRequest = (r: { serviceId: string; preferentialClass: string | null; accountNumber: string | null; phone?: string | null | undefined }): IssueRequest => ({
  serviceId: r.serviceId,
  preferentialClass: r.preferentialClass,
  accountNumber: r.accountNumber,
  phone: r.phone ?? null,
});

/** The hub's answer to a request was lost, not given (the link, its deadline): it may have issued the ticket. */
const answerLost = (error: unknown): boolean => !(error instanceof HubError) || errorKind(error.code) === 'offline';

export const ACCOUNT_PATTERN = /^\d{4,20}$/;
export const ACCOUNT_MAX = 20;

/** `doubt`: an earlier print of the same paper may have come out. */
const printState = (outcome: PrintOutcome, doubt: boolean): PrintState =>
  outcome.ok ? { status: 'printed' } : { status: 'failed', failure: outcome.failure, maybePrinted: doubt || outcome.maybePrinted };

/**
 * The walk-in customer's way through the kiosk: service → (long wait: callback offer) → preferential
 * class → optional account number → the acknowledged ticket, printed. Nothing is shown as a ticket
 * until the hub acknowledged it; one request in flight at a time.
 */
export class KioskFlow {
  screen = $state.raw<Screen>({ name: 'home' });
  /** Digits typed on the account pad. */
  account = $state('');
  /** An optional phone, typed on the same pad: if the ticket ends unserved, the office calls back. */
  phone = $state('');
  /** Which field the pad types into. */
  field = $state<'account' | 'phone'>('account');
  /** A request is in flight: every action that would send another is ignored. */
  busy = $state(false);
  /** Why the last request failed, shown on the screen that sent it. */
  error = $state<ErrorKind | null>(null);

  readonly #timers: Timers;
  readonly #idleMs: number;
  readonly #journal: TicketJournal;
  readonly #now: () => number;
  readonly #homeLang: Lang;
  #idle: unknown = null;
  /** The "Sin conexión" screen covers this flow's screen (setHidden). */
  #hidden = false;
  /** Bumped when a customer's visit ends: late results of an earlier visit are dropped. */
  #visit = 0;
  /**
   * The visit's request keys, kept when the customer goes back to the services: one who saw no answer
   * (the hub may have issued it) and picks the same again gets that ticket, not a second. A new one
   * once the visit ends (home).
   */
  #keys: RequestKey | null = null;

  constructor(readonly deps: KioskFlowDeps) {
    this.#timers = deps.timers ?? realTimers;
    this.#idleMs = deps.idleMs ?? 30_000;
    this.#journal = deps.journal ?? memoryJournal();
    this.#now = deps.now ?? Date.now;
    this.#homeLang = deps.homeLang ?? 'es';
  }

  /**
   * At start-up: a ticket request whose answer the kiosk never handled (it restarted meanwhile) is
   * sent again with its key, from its account screen, so the customer gets the ticket the hub may
   * have issued, not a second one. A ticket the hub issued here whose print never finished is shown
   * again and printed (paper only if none came out); restarted again during that print, or left with
   * a print in doubt, it is shown with "¿Salió su turno?" instead of printing again. One older than
   * RESUME_WITHIN_MS (or noted "later" than now: a clock set back) is forgotten.
   */
  resume(): void {
    const entry = this.#journal.load();
    if (!entry || this.screen.name !== 'home') return;
    const age = this.#now() - entry.savedAt;
    if (age < 0 || age > RESUME_WITHIN_MS) return this.#journal.save(null);
    if ('pending' in entry) return void this.#resend(entry.pending);
    if (entry.resumed || entry.maybePrinted) {
      this.#go({ name: 'ticket', issue: entry.issue, print: { status: 'failed', failure: 'INTERRUPTED', maybePrinted: true } });
      return;
    }
    this.#journal.save({ ...entry, resumed: true });
    this.#go({ name: 'ticket', issue: entry.issue, print: { status: 'printing' } });
    // The hub's print may have finished while this kiosk restarted: paper only if none came out.
    void this.#print(this.#visit, () => this.deps.printing.printTicket(entry.issue, entry.lang, { unlessPrinted: true }));
  }

  /**
   * How long the screen waits untouched before going back to the start, or null: never while the
   * offline screen covers it (setHidden), nor at the start (unless left in another language than
   * `homeLang`), nor while a ticket or receipt is printing (the hub's print may take up to a minute); a
   * failed print's number and code stay FAILED_PRINT_IDLE_MS; any other screen the usual idle time.
   */
  get idleDelay(): number | null {
    if (this.#hidden) return null;
    const s = this.screen;
    if (s.name === 'home') return this.deps.lang() === this.#homeLang ? null : this.#idleMs;
    if (s.name !== 'ticket' && s.name !== 'callback_done') return this.#idleMs;
    if (s.print.status === 'printing') return null;
    return s.print.status === 'failed' ? FAILED_PRINT_IDLE_MS : this.#idleMs;
  }

  /**
   * The app covers (or uncovers) this flow's screen with "Sin conexión" (the hub unreachable, or not
   * reached yet; an acknowledged ticket or receipt is never covered, so its own idle time goes on).
   *
   * NOTE: what a production kiosk does: the idle count stops while the screen is covered, and starts
   * again from the full idle time once it shows again. Behind "Sin conexión" the customer can touch
   * nothing, so "untouched" says nothing about whether they left; ending the visit there would drop
   * its request keys (and the noted request) — a customer who waited out the outage and asked again
   * would get a second ticket if the hub had issued the first while its answer was lost — and
   * would send back to the start, in Spanish, a customer who waited for their screen to come back.
   * A customer who did leave is gone from the screen one idle time after the link returns, as after
   * any visit left half-way; a new walk-in meanwhile sees the same half-done screen with "back".
   */
  setHidden(hidden: boolean): void {
    if (hidden === this.#hidden) return;
    this.#hidden = hidden;
    this.touch();
  }

  /** The customer did something: restart the idle timeout. */
  touch(): void {
    if (this.#idle !== null) this.#timers.clear(this.#idle);
    this.#idle = null;
    const delay = this.idleDelay;
    if (delay === null) return;
    this.#idle = this.#timers.set(() => {
      this.#idle = null;
      if (this.busy) this.touch();
      else this.home();
    }, delay);
  }

  /** Ends the visit: back to the services, in the kiosk's own language for the next walk-in. */
  home(): void {
    if (this.busy) return;
    this.deps.setLang?.(this.#homeLang);
    this.#keys = null;
    // With the keys goes the request they were noted for: a restart must not send it for the next walk-in.
    this.#journal.save(null);
    this.#toStart();
  }

  /**
   * Back to the services with the same customer: their language and keys stay (the idle timeout
   * ends the visit), and so does a request noted whose answer was lost (picking it again sends its key).
   */
  #toStart(): void {
    this.#visit++;
    this.#clearFields();
    this.#go({ name: 'home' });
  }

  chooseService(serviceId: string): void {
    if (this.busy || this.screen.name !== 'home') return;
    const { snapshot, stats } = this.deps.office();
    const service = activeService(snapshot, serviceId);
    if (!service) return;
    const draft: Draft = { serviceId, preferentialClass: null, key: (this.#keys ??= new RequestKey(this.deps.newKey)) };
    this.#clearFields();
    const minutes = longWaitMinutes(service, stats);
    if (minutes !== null) this.#go({ name: 'long_wait', draft, minutes });
    else this.#afterService(draft);
  }

  /** On the long-wait screen: take a ticket anyway. */
  waitInLine(): void {
    const s = this.screen;
    if (this.busy || s.name !== 'long_wait') return;
    this.#afterService(s.draft);
  }

  /** On the long-wait screen: "Prefiero que me llamen". */
  askForCallback(): void {
    const s = this.screen;
    if (this.busy || s.name !== 'long_wait') return;
    this.#go({ name: 'callback_form', draft: s.draft, minutes: s.minutes, form: s.form ?? new CallbackForm(new RequestKey(this.deps.newKey)) });
  }

  choosePreferential(classId: string | null): void {
    const s = this.screen;
    if (this.busy || s.name !== 'preferential') return;
    if (classId !== null && !this.deps.office().snapshot?.preferentialClasses.some((c) => c.id === classId)) return;
    this.#go({ name: 'account', draft: { ...s.draft, preferentialClass: classId } });
  }

  #clearFields(): void {
    this.account = '';
    this.phone = '';
    this.field = 'account';
  }

  /** The pad types into the account number or the phone. */
  selectField(field: 'account' | 'phone'): void {
    if (this.busy || this.screen.name !== 'account') return;
    this.field = field;
  }

  pressDigit(digit: string): void {
    if (this.busy || this.screen.name !== 'account' || !/^\d$/.test(digit)) return;
    if (this.field === 'phone') {
      if (this.phone.length < PHONE_MAX_DIGITS) this.phone += digit;
    } else if (this.account.length < ACCOUNT_MAX) this.account += digit;
    this.error = null;
  }

  deleteDigit(): void {
    if (this.busy || this.screen.name !== 'account') return;
    if (this.field === 'phone') this.phone = this.phone.slice(0, -1);
    else this.account = this.account.slice(0, -1);
  }

  /** Clears the field being typed (account or phone). */
  clearField(): void {
    if (this.busy || this.screen.name !== 'account') return;
    if (this.field === 'phone') this.phone = '';
    else this.account = '';
  }

  get accountComplete(): boolean {
    return ACCOUNT_PATTERN.test(this.account);
  }

  /** A phone is sent only when it looks like one (the callback form's length rule); otherwise the ticket goes without. */
  get phoneComplete(): boolean {
    return isPhone(this.phone);
  }

  /** The final confirm: asks the hub for the ticket (with the typed account number, or without). */
  async takeTicket(withAccount: boolean): Promise<void> {
    const s = this.screen;
    if (this.busy || s.name !== 'account' || (withAccount && !this.accountComplete)) return;
    const request = issueRequest({
      serviceId: s.draft.serviceId,
      preferentialClass: s.draft.preferentialClass,
      accountNumber: withAccount ? this.account : null,
      phone: this.phoneComplete ? this.phone : null,
    });
    // The language is left out of the key: a customer switching it to read an error and retrying
    // asks for the same ticket (the hub issues it the same way in either language).
    await this.#issue({ ...request, lang: this.deps.lang(), idempotencyKey: s.draft.key.for(request) });
  }

  /**
   * Sends a ticket request, noted first: a kiosk restarted before the answer sends it again with the
   * same key (`resume`). The answer replaces the note (the ticket, or nothing when the hub refused);
   * a lost answer keeps it while the visit lasts.
   */
  async #issue(payload: RequestPayload<'issue_ticket'>): Promise<void> {
    const visit = this.#visit;
    this.busy = true;
    this.error = null;
    this.#journal.save({ pending: payload, savedAt: this.#now() });
    try {
      const issue = await this.deps.hub.issueTicket(payload);
      this.busy = false;
      this.#journal.save({ issue, lang: this.deps.lang(), savedAt: this.#now(), resumed: false });
      this.#go({ name: 'ticket', issue, print: { status: 'printing' } });
      await this.#print(visit, () => this.deps.printing.printTicket(issue, this.deps.lang()));
    } catch (error) {
      if (!answerLost(error)) this.#journal.save(null);
      this.#failed(error);
    }
  }

  /** After a restart: the customer's account screen as they sent it, in their language, and the same request sent again with its key. */
  #resend(payload: PendingIssue['pending']): void {
    const request = issueRequest(payload);
    const key = new RequestKey(this.deps.newKey);
    key.adopt(request, payload.idempotencyKey);
    this.#keys = key;
    this.deps.setLang?.(payload.lang);
    this.account = request.accountNumber ?? '';
    this.phone = request.phone ?? '';
    this.field = 'account';
    this.#go({ name: 'account', draft: { serviceId: request.serviceId, preferentialClass: request.preferentialClass, key } });
    void this.#issue(payload);
  }

  /** Sends the callback form; the customer gets a receipt instead of a turn. */
  async sendCallback(): Promise<void> {
    const s = this.screen;
    if (this.busy || s.name !== 'callback_form') return;
    const payload = s.form.payload(s.draft.serviceId, (reason) => this.deps.reasonText(reason, 'es'));
    if (!payload) {
      s.form.showProblems = true;
      return;
    }
    const visit = this.#visit;
    const preset = s.form.reason === 'other' ? null : s.form.reason;
    this.busy = true;
    this.error = null;
    try {
      const { callback: stored } = await this.deps.hub.requestCallback(payload);
      this.busy = false;
      // A ticket request of this visit whose answer was lost is not this customer's any more: they
      // chose to be called back. A restart must not send it again (and print a ticket nobody waits for).
      const entry = this.#journal.load();
      if (entry && 'pending' in entry) this.#journal.save(null);
      // The hub keeps a preset reason as staff read it; the customer's screen and receipt say it in their language.
      const callback = preset === null ? stored : { ...stored, reason: this.deps.reasonText(preset, this.deps.lang()) };
      this.#go({ name: 'callback_done', callback, print: { status: 'printing' } });
      await this.#print(visit, () => this.deps.printing.printCallbackReceipt(callback, this.deps.lang()));
    } catch (error) {
      this.#failed(error);
    }
  }

  /**
   * After a failed print (paper refilled, cover closed), or "No, imprimir de nuevo" after one in doubt
   * (the customer at the tray says nothing came out): print the same ticket or receipt again.
   */
  async retryPrint(): Promise<void> {
    const s = this.screen;
    if ((s.name !== 'ticket' && s.name !== 'callback_done') || s.print.status !== 'failed') return;
    const doubt = s.print.maybePrinted;
    this.#go({ ...s, print: { status: 'printing' } });
    const lang = this.deps.lang();
    // The link dropped mid-print: the paper may have come out all the same (the hub knows).
    const unlessPrinted = s.print.failure === 'HUB_OFFLINE';
    await this.#print(this.#visit, () => (s.name === 'ticket' ? this.deps.printing.printTicket(s.issue, lang, { unlessPrinted }) : this.deps.printing.printCallbackReceipt(s.callback, lang, { unlessPrinted })), doubt);
  }

  /**
   * "Sí, ya lo tengo" after a print in doubt: the paper came out. Nothing prints again, a restart
   * does not bring the ticket back, and the hub records it printed.
   */
  confirmPrinted(): void {
    const s = this.screen;
    if ((s.name !== 'ticket' && s.name !== 'callback_done') || s.print.status !== 'failed' || !s.print.maybePrinted) return;
    if (s.name === 'ticket') {
      this.#journal.save(null);
      void this.deps.printing.confirmPrinted(s.issue);
    }
    this.#go({ ...s, print: { status: 'printed' } });
  }

  back(): void {
    const s = this.screen;
    if (this.busy) return;
    switch (s.name) {
      case 'home':
      case 'ticket':
      case 'callback_done':
        return this.home();
      case 'long_wait':
      case 'preferential':
        return this.#toStart();
      case 'account':
        if (this.#hasPreferentialClasses()) this.#go({ name: 'preferential', draft: { ...s.draft, preferentialClass: null } });
        else this.#toStart();
        return;
      case 'callback_form':
        return this.#go({ name: 'long_wait', draft: s.draft, minutes: s.minutes, form: s.form });
      default: {
        const _exhaustive: never = s;
        return this.home();
      }
    }
  }

  #afterService(draft: Draft): void {
    this.#go(this.#hasPreferentialClasses() ? { name: 'preferential', draft } : { name: 'account', draft });
  }

  #hasPreferentialClasses(): boolean {
    return (this.deps.office().snapshot?.preferentialClasses.length ?? 0) > 0;
  }

  /** `doubt`: an earlier print of this paper may have come out (kept if this one fails too). */
  async #print(visit: number, print: () => Promise<PrintOutcome>, doubt = false): Promise<void> {
    let outcome: PrintOutcome;
    try {
      outcome = await print();
    } catch {
      outcome = { ok: false, failure: 'PRINTER_ERROR', maybePrinted: false };
    }
    const s = this.screen;
    if (visit !== this.#visit || (s.name !== 'ticket' && s.name !== 'callback_done') || s.print.status !== 'printing') return;
    const state = printState(outcome, doubt);
    // On paper: nothing for a restarted kiosk to show again. Failed: the number stays on screen (and noted) until touched;
    // in doubt, noted so: a restarted kiosk asks rather than prints.
    if (s.name === 'ticket' && state.status === 'printed') this.#journal.save(null);
    if (s.name === 'ticket' && state.status === 'failed' && state.maybePrinted) this.#noteDoubt(s.issue);
    this.#go({ ...s, print: state });
  }

  #noteDoubt(issue: IssueResult): void {
    const entry = this.#journal.load();
    if (entry && 'issue' in entry && entry.issue.ticket.id === issue.ticket.id && !entry.maybePrinted) this.#journal.save({ ...entry, maybePrinted: true });
  }

  #failed(error: unknown): void {
    this.busy = false;
    this.error = errorKind(error instanceof HubError ? error.code : 'INTERNAL');
    this.touch();
  }

  #go(screen: Screen): void {
    if (screen.name !== this.screen.name) this.error = null;
    this.screen = screen;
    this.touch();
  }
}
