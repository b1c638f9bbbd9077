import { parseKeypadSignal, parseKeypadStatus, type KeypadPress, type KeypadStatus } from './keypad-signal.ts';

/** `window.turneroDesk.keypad`: the counter keypad, offered to the page by the Electron preload. */
export interface DeskKeypadApi {
  /** Calls `listener` for every key or cancel; returns a function that stops it. */
  onKey(listener: (press: KeypadPress) => void): () => void;
  /** Calls `listener` with the status now (null: no keypad configured) and on every change. */
  onStatus(listener: (status: KeypadStatus | null) => void): () => void;
  /** Lamp on: asks the customer to rate. */
  prompt(): Promise<boolean>;
  /** Lamp off. */
  stop(): Promise<boolean>;
}

/** What the desk's page gets from its shell. */
export interface DeskBridge {
  keypad: DeskKeypadApi;
}

/** How the API reaches the process that owns the keypad (Electron IPC, or a test's bindings). */
export interface KeypadTransport {
  invoke(operation: 'prompt' | 'stop' | 'status'): Promise<unknown>;
  /** Delivers every signal from the keypad's owner (unparsed). */
  listen(listener: (signal: unknown) => void): void;
}

/** Builds the keypad API on a transport; signals and replies are parsed, garbage is dropped. */
export function createKeypadApi(transport: KeypadTransport): DeskKeypadApi {
  const keyListeners = new Set<(press: KeypadPress) => void>();
  const statusListeners = new Set<(status: KeypadStatus | null) => void>();
  transport.listen((raw) => {
    const signal = parseKeypadSignal(raw);
    if (!signal) return;
    if (signal.type === 'status') for (const l of statusListeners) l(signal.status);
    else for (const l of keyListeners) l(signal);
  });
  return {
    onKey: function onKey(listener) {
      keyListeners.add(listener);
      return () => void keyListeners.delete(listener);
    },
    onStatus: function onStatus(listener) {
      statusListeners.add(listener);
      void transport.invoke('status').then(
        (raw) => statusListeners.has(listener) && listener(parseKeypadStatus(raw)),
        () => statusListeners.has(listener) && listener(null),
      );
      return () => void statusListeners.delete(listener);
    },
    prompt: function prompt() {
      return transport.invoke('prompt').then((ok) => ok === true, () => false);
    },
    stop: function stop() {
      return transport.invoke('stop').then((ok) => ok === true, () => false);
    },
  };
}
