/** What the gateway needs of a client connection; the ws adapter and tests provide it. */
export interface ClientSocket {
  /** Sends one text frame (a Buffer is sent as text, pre-encoded once for broadcasts). */
  send(data: string | Buffer): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network. */
  readonly bufferedAmount: number;
  readonly remoteAddress: string;
}

/** What the transport calls for each connection. */
export interface ConnectionHandlers {
  /** `text` is null for a binary frame, which the protocol does not use. */
  onMessage(text: string | null, byteLength: number): void;
  onClose(): void;
}

export interface ConnectionAcceptor {
  accept(socket: ClientSocket): ConnectionHandlers;
}
