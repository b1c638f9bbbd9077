/** Wire protocol version; the hub refuses a client that speaks another one. */
export const PROTOCOL_VERSION = 1;

/** Largest text message the hub processes; larger ones get MESSAGE_TOO_LARGE and the socket stays open. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Hard frame limit (ws maxPayload): a frame over this is a protocol abuse and closes the socket (1009). */
export const MAX_FRAME_BYTES = 64 * 1024;

/** How long after a ticket is finished the hub still takes its rating (SPEC F1); a desk holding a rating for the hub drops it after this. */
export const RATING_WINDOW_MS = 10 * 60_000;
