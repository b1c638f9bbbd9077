/** Every IPC channel between the desk's Electron main process and its page, in one list. */
export const IPC = {
  /** invoke: light the keypad lamp (ask the customer to rate); resolves true when written. */
  keypadPrompt: 'turnero-desk:keypad-prompt',
  /** invoke: lamp off (rated, declined or timed out). */
  keypadStop: 'turnero-desk:keypad-stop',
  /** invoke: the keypad's status now, or null when this desk has none configured. */
  keypadStatus: 'turnero-desk:keypad-status',
  /** main → page: a KeypadSignal (key, cancel, status). */
  keypadSignal: 'turnero-desk:keypad-signal',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

