import type { IpcMainInvokeEvent } from 'electron';

/** Refuses IPC from any frame that is not the app's own page (a navigated or injected frame). */
export function assertSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appOrigin: string): void {
  const url = event.senderFrame?.url;
  let origin = '';
  try {
    origin = url ? new URL(url).origin : '';
  } catch {
    origin = '';
  }
  if (origin !== appOrigin) throw new Error(`IPC refused from ${url ?? 'unknown frame'}`);
}
