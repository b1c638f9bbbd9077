import { contextBridge, ipcRenderer } from 'electron';
import { IPC } from '../shared/ipc-channels.ts';
import { createKeypadApi, type DeskBridge } from '../shared/keypad-api.ts';

const channels = { prompt: IPC.keypadPrompt, stop: IPC.keypadStop, status: IPC.keypadStatus } as const;

/** `window.turneroDesk`: the counter keypad over IPC; nothing else of Electron reaches the page. */
const bridge: DeskBridge = {
  keypad: createKeypadApi({
    invoke: (operation) => ipcRenderer.invoke(channels[operation]),
    listen: (listener) => {
      ipcRenderer.on(IPC.keypadSignal, (_event, signal: unknown) => listener(signal));
    },
  }),
};

contextBridge.exposeInMainWorld('turneroDesk', bridge);
