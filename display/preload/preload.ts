import { contextBridge } from 'electron';

/**
 * The display needs nothing from Electron (it only talks to the hub), so the page gets one read-only
 * fact: it runs in the kiosk shell, where sound plays without a click. Shown in its diagnostics.
 */
contextBridge.exposeInMainWorld('turneroShell', Object.freeze({ app: 'display', electron: process.versions.electron ?? null }));
