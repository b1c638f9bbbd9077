import { z } from 'zod';
import { ErrorCode } from './errors.ts';
import { HubEvent } from './events.ts';
import { RequestEnvelope, isRequestType, requestPayloads, type RequestPayload, type RequestType } from './requests.ts';
import type { ServerMessage } from './responses.ts';

/** A request that passed its schema. */
export type ParsedRequest = { [T in RequestType]: { id: string; type: T; payload: RequestPayload<T> } }[RequestType];

export type ParseFailure = { ok: false; id: string | null; code: ErrorCode; message: string; details?: unknown };
export type ParseOutcome = { ok: true; request: ParsedRequest } | ParseFailure;

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Parses one text frame from a client into a typed request, or a coded failure. Never throws. */
export function parseRequest(text: string): ParseOutcome {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, code: ErrorCode.BAD_JSON, message: 'message is not valid JSON' };
  }
  const envelope = RequestEnvelope.safeParse(raw);
  if (!envelope.success) {
    const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? ((raw as { id: string }).id.slice(0, 64)) : null;
    return { ok: false, id, code: ErrorCode.INVALID_MESSAGE, message: 'message must be {id, type, payload}', details: issuesOf(envelope.error) };
  }
  const { id, type } = envelope.data;
  if (!isRequestType(type)) {
    return { ok: false, id, code: ErrorCode.UNKNOWN_TYPE, message: `unknown message type "${type}"` };
  }
  const payload = requestPayloads[type].safeParse(envelope.data.payload ?? {});
  if (!payload.success) {
    return { ok: false, id, code: ErrorCode.INVALID_MESSAGE, message: `invalid ${type} payload`, details: issuesOf(payload.error) };
  }
  return { ok: true, request: { id, type, payload: payload.data } as ParsedRequest };
}

const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.string(), data: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.string().nullable(), code: z.string(), message: z.string(), details: z.unknown().optional() }),
  z.object({ type: z.literal('snapshot'), seq: z.number().int(), snapshot: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('event'), seq: z.number().int(), event: HubEvent }),
  z.object({ type: z.literal('stats'), at: z.number(), stats: z.array(z.record(z.string(), z.unknown())) }),
  z.object({ type: z.literal('signal'), ticketId: z.string(), from: z.enum(['agent', 'booth']), data: z.record(z.string(), z.unknown()) }),
]);

/** Parses a hub message on the client side; null when it is not one. */
export function parseServerMessage(text: string): ServerMessage | null {
  try {
    const result = ServerMessageSchema.safeParse(JSON.parse(text));
    return result.success ? (result.data as ServerMessage) : null;
  } catch {
    return null;
  }
}
