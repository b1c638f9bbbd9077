import { ErrorCode, HubError, RATING_WINDOW_MS, type Callback, type CallbackOutcome, type CaseOutcome, type HubEvent, type RecoveryCase, type Ticket } from '@turnero/protocol';
import type { Ctx } from './commands.ts';

export interface CallbackInput {
  officeId: string;
  serviceId: string | null;
  name: string;
  phone: string;
  reason: string;
  accountNumber: string | null;
  source: Callback['source'];
}

/** A new, open callback request with a short reference the customer can quote (TC-XXXXXX). */
export function newCallback(input: CallbackInput, ctx: Ctx): Callback {
  const id = ctx.newId();
  return {
    id,
    ...input,
    reference: `TC-${id.replace(/[^A-Za-z0-9]/g, '').slice(-6).toUpperCase()}`,
    createdAt: ctx.now,
    status: 'open',
    claimedBy: null,
    attempts: [],
    outcome: null,
    closedAt: null,
  };
}

/**
 * A ticket that ends unserved (no-show or cancelled) and carries a phone becomes a callback in the
 * same transaction (SPEC F6); no phone, no callback.
 */
export function unservedCallback(ticket: Ticket, how: 'no_show' | 'cancelled' | 'day_ended', ctx: Ctx): HubEvent[] {
  if (!ticket.phone) return [];
  const reason = {
    no_show: `No se presentó al llamado del turno ${ticket.number}`,
    cancelled: `Turno ${ticket.number} cancelado`,
    day_ended: `Turno ${ticket.number} sin atender al terminar el día`,
  }[how];
  const source = how === 'no_show' ? 'no_show' : 'cancelled';
  const callback = newCallback({ officeId: ticket.officeId, serviceId: ticket.serviceId, name: `Turno ${ticket.number}`, phone: ticket.phone, reason, accountNumber: ticket.accountNumber, source }, ctx);
  return [{ type: 'callback_requested', at: ctx.now, callback }];
}

export interface RateInput {
  rating: number;
  /** The counter the rating comes from (the keypad's, or the agent's). */
  counterId: string;
  source: 'keypad' | 'screen';
}

/**
 * Rates a finished ticket from its counter, once, within the window (SPEC F1); a rating at or under
 * the office's threshold opens a follow-up case (SPEC F2).
 */
export function rateTicket(ticket: Ticket, input: RateInput, threshold: number, ctx: Ctx): HubEvent[] {
  if (ticket.status !== 'done') throw new HubError(ErrorCode.INVALID_TRANSITION, `only a finished ticket can be rated; ${ticket.number} is ${ticket.status}`);
  if (ticket.counterId !== input.counterId) throw new HubError(ErrorCode.NOT_AT_COUNTER, `ticket ${ticket.number} was not served at this counter`);
  if (ticket.rating !== null) {
    // The same rating sent again (its answer was lost, and keypads and booths resend) is that rating: nothing to do.
    if (ticket.rating === input.rating) return [];
    throw new HubError(ErrorCode.INVALID_ARGUMENT, `ticket ${ticket.number} is already rated`);
  }
  if (ticket.endedAt === null || ctx.now - ticket.endedAt > RATING_WINDOW_MS) throw new HubError(ErrorCode.INVALID_ARGUMENT, 'the rating window for this ticket has closed');
  const events: HubEvent[] = [{ type: 'ticket_rated', at: ctx.now, ticketId: ticket.id, rating: input.rating, counterId: ticket.counterId, agentId: ticket.agentId, source: input.source }];
  if (input.rating <= threshold) {
    const opened: RecoveryCase = {
      id: ctx.newId(),
      officeId: ticket.officeId,
      ticketId: ticket.id,
      number: ticket.number,
      serviceId: ticket.serviceId,
      counterId: ticket.counterId,
      agentId: ticket.agentId,
      accountNumber: ticket.accountNumber,
      rating: input.rating,
      openedAt: ctx.now,
      status: 'open',
      followUps: [],
      outcome: null,
      closedAt: null,
    };
    events.push({ type: 'case_opened', at: ctx.now, case: opened });
  }
  return events;
}

/** An agent takes a callback to work on; nobody else may while it is claimed (SPEC F3). */
export function claimCallback(cb: Callback, userId: string, ctx: Ctx): HubEvent[] {
  if (cb.status === 'closed') throw new HubError(ErrorCode.INVALID_TRANSITION, 'this callback is already closed');
  if (cb.status === 'claimed' && cb.claimedBy !== userId) throw new HubError(ErrorCode.ALREADY_CLAIMED, 'someone else is working on this callback');
  if (cb.status === 'claimed') return [];
  return [{ type: 'callback_updated', at: ctx.now, callback: { ...cb, status: 'claimed', claimedBy: userId } }];
}

/**
 * A claimed callback back to the worklist (SPEC F3): by its claimer, or by a supervisor or admin —
 * the claimer went home, or was disabled — so that nobody else stays locked out of it.
 */
export function releaseCallback(cb: Callback, by: { userId: string; manager: boolean }, ctx: Ctx): HubEvent[] {
  if (cb.status !== 'claimed') throw new HubError(ErrorCode.INVALID_TRANSITION, 'this callback is not claimed');
  if (cb.claimedBy !== by.userId && !by.manager) throw new HubError(ErrorCode.FORBIDDEN, 'only its claimer or a supervisor may release this callback');
  return [{ type: 'callback_updated', at: ctx.now, callback: { ...cb, status: 'open', claimedBy: null } }];
}

/**
 * Records one call attempt by the agent who claimed it (SPEC F4): "no answer" releases it for a later
 * try; any other outcome closes it.
 */
export function recordCallbackAttempt(cb: Callback, userId: string, outcome: CallbackOutcome, note: string, ctx: Ctx): HubEvent[] {
  // The same attempt sent again (its answer was lost with the link) is that attempt: nothing to do.
  const last = cb.attempts.at(-1);
  const left = outcome === 'no_answer' ? cb.status === 'open' && cb.claimedBy === null : cb.status === 'closed' && cb.outcome === outcome;
  if (last && last.by === userId && last.outcome === outcome && last.note === note.trim() && left) return [];
  if (cb.status !== 'claimed' || cb.claimedBy !== userId) throw new HubError(ErrorCode.FORBIDDEN, 'claim this callback before recording an attempt');
  const attempts = [...cb.attempts, { at: ctx.now, by: userId, outcome, note: note.trim() }];
  const closes = outcome !== 'no_answer';
  const callback: Callback = closes
    ? { ...cb, attempts, status: 'closed', outcome, closedAt: ctx.now }
    : { ...cb, attempts, status: 'open', claimedBy: null, outcome: null };
  return [{ type: 'callback_updated', at: ctx.now, callback }];
}

/** A supervisor's follow-up call on a bad rating; "pending" keeps the case open (SPEC F5). */
export function recordCaseFollowUp(c: RecoveryCase, userId: string, outcome: CaseOutcome, note: string, ctx: Ctx): HubEvent[] {
  if (c.status === 'closed') throw new HubError(ErrorCode.INVALID_TRANSITION, 'this case is already closed');
  const followUps = [...c.followUps, { at: ctx.now, by: userId, outcome, note: note.trim() }];
  const next: RecoveryCase = outcome === 'pending' ? { ...c, followUps } : { ...c, followUps, status: 'closed', outcome, closedAt: ctx.now };
  return [{ type: 'case_updated', at: ctx.now, case: next }];
}
