import { describe, expect, it, vi } from 'vitest';
import { IpcChannel } from '../main/ipc-channels.ts';

const e = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), invoked: [] as unknown[][] }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => e.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      e.invoked.push(args);
      return Promise.resolve({ ok: true });
    },
  },
}));

await import('../preload/preload.ts');

describe('kiosk preload (electron mocked)', () => {
  it('exposes only named functions on window.turneroKiosk, each invoking its own channel', async () => {
    expect([...e.exposed.keys()]).toEqual(['turneroKiosk']);
    const api = e.exposed.get('turneroKiosk') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['printCallbackReceipt', 'printTicket', 'printerStatus']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    const call = (name: string, ...args: unknown[]) => (api[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    await call('printTicket', { job: 1 });
    await call('printCallbackReceipt', { job: 2 });
    await call('printerStatus');
    expect(e.invoked).toEqual([[IpcChannel.printTicket, { job: 1 }], [IpcChannel.printCallbackReceipt, { job: 2 }], [IpcChannel.printerStatus]]);
  });
});
