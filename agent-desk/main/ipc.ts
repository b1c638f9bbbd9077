import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { assertSender } from '@turnero/app-kit/electron';
import { IPC } from '../shared/ipc-channels.ts';
import type { KeypadBridge } from './keypad-bridge.ts';

/**
 * Answers the page's keypad requests. Each handler first checks that the sender is the desk's own
 * page (`appOrigin`); the requests carry no payload, so there is nothing else to parse.
 */
export function registerKeypadIpc(ipcMain: Pick<IpcMain, 'handle'>, bridge: KeypadBridge | null, appOrigin: string): void {
  const guarded = (fn: () => unknown) => (event: IpcMainInvokeEvent) => {
    assertSender(event, appOrigin);
    return fn();
  };
  ipcMain.handle(IPC.keypadStatus, guarded(() => bridge?.status ?? null));
  ipcMain.handle(IPC.keypadPrompt, guarded(() => bridge?.prompt() ?? false));
  ipcMain.handle(IPC.keypadStop, guarded(() => bridge?.done() ?? false));
}
