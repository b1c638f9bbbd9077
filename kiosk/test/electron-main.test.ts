import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPrinter, PrinterSimulator, receiptText } from '@turnero/hardware';
import { IpcChannel, type TicketPrintJob } from '../main/ipc-channels.ts';
import { callback, issueResult } from './fixtures.ts';

const e = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>(),
  windows: [] as { options: Record<string, unknown>; url: string }[],
  userData: '',
  showErrorBox: (..._a: unknown[]) => undefined as void,
  exit: (..._a: unknown[]) => undefined as void,
  appEvents: new Map<string, () => void>(),
  /** powerSaveBlocker calls, in order: ['start', type] | ['stop', id]. */
  power: [] as [string, unknown][],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      session: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined },
      setWindowOpenHandler: () => undefined,
      on: () => undefined,
    };
    readonly record: { options: Record<string, unknown>; url: string };
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: '' };
      e.windows.push(this.record);
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    focus() {}
  }
  const display = { bounds: { x: 0, y: 0, width: 1080, height: 1920 } };
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => e.userData,
      quit: () => undefined,
      exit: (code: number) => e.exit(code),
      on: (name: string, fn: () => void) => void e.appEvents.set(name, fn),
    },
    powerSaveBlocker: {
      start: (type: string) => {
        e.power.push(['start', type]);
        return 41;
      },
      isStarted: (id: number) => id === 41,
      stop: (id: number) => void e.power.push(['stop', id]),
    },
    dialog: { showErrorBox: (...a: unknown[]) => e.showErrorBox(...a) },
    ipcMain: { handle: (channel: string, fn: (event: unknown, payload?: unknown) => Promise<unknown>) => e.handlers.set(channel, fn) },
    BrowserWindow,
    Menu: { setApplicationMenu: () => undefined },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display },
  };
});

const { kioskIpcHandlers } = await import('../main/kiosk-ipc.ts');
const { startKioskShell } = await import('../main/kiosk-shell.ts');
const { parseKioskFields } = await import('../main/kiosk-config.ts');

const ORIGIN = 'http://127.0.0.1:8080';
/** An invoke event from a frame at `url` (only `senderFrame.url` is read). */
const sender = (url: string) => ({ senderFrame: { url } }) as unknown as Pick<IpcMainInvokeEvent, 'senderFrame'>;
const fromKiosk = sender(`${ORIGIN}/kiosk/`);
const fromElsewhere = sender('https://evil.example/kiosk/');

let sim: PrinterSimulator;
beforeAll(async () => {
  sim = await PrinterSimulator.start({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.setPaper('ok');
  e.handlers.clear();
  e.windows.length = 0;
});

const ticketJob = (): TicketPrintJob => ({
  issue: issueResult('F-042', { preferentialClass: 'pregnant', accountNumber: '99001122' }),
  lang: 'es',
  preferentialClasses: [{ id: 'pregnant', name: { es: 'Mujer embarazada', en: 'Pregnant woman' } }],
});

describe('kiosk IPC handlers (main process)', () => {
  const handlers = () => kioskIpcHandlers({ printer: createPrinter(sim.uri, { timeoutMs: 1000 }), appOrigin: ORIGIN });

  it('prints the hub’s ticket on the device printer: same number, preferential class, masked account, QR = status URL', async () => {
    const next = sim.nextReceipt(5000);
    expect(await handlers()[IpcChannel.printTicket](fromKiosk, ticketJob())).toMatchObject({ ok: true });
    const receipt = await next;
    const text = receiptText(receipt);
    expect(text).toContain('F-042');
    expect(text).toContain('Mujer embarazada');
    expect(text).not.toContain('99001122');
    expect(receipt.qr).toEqual([ticketJob().issue.statusUrl]);
  });

  it('prints a callback receipt with its reference', async () => {
    const next = sim.nextReceipt(5000);
    const job = { callback: callback(), office: { name: 'Oficina Centro', timeZone: 'America/Bogota' }, serviceName: 'Reclamos', lang: 'es' };
    expect(await handlers()[IpcChannel.printCallbackReceipt](fromKiosk, job)).toMatchObject({ ok: true });
    expect(receiptText(await next)).toContain('TC-ABC123');
  });

  it('refuses a frame from another origin, and prints nothing', async () => {
    const before = sim.receipts.length;
    await expect(handlers()[IpcChannel.printTicket](fromElsewhere, ticketJob())).rejects.toThrow(/IPC refused/);
    await expect(handlers()[IpcChannel.printerStatus](fromElsewhere)).rejects.toThrow(/IPC refused/);
    expect(sim.receipts.length).toBe(before);
  });

  it('parses the payload instead of trusting it: malformed jobs are PRINTER_INVALID_TICKET and print nothing', async () => {
    const before = sim.receipts.length;
    const bad: unknown[] = [
      null,
      'F-001',
      { ...ticketJob(), lang: 'fr' },
      { ...ticketJob(), issue: { ...ticketJob().issue, statusUrl: 'javascript:alert(1)' } },
      { ...ticketJob(), issue: { ...ticketJob().issue, timeZone: 'Mars/Olympus' } },
      { ...ticketJob(), issue: { ...ticketJob().issue, ticket: { number: 'F-001' } } },
      { callback: callback(), office: { name: 'x', timeZone: 'UTC' }, serviceName: null, lang: 'es' },
    ];
    for (const payload of bad) {
      expect(await handlers()[IpcChannel.printTicket](fromKiosk, payload), JSON.stringify(payload)?.slice(0, 80)).toMatchObject({ ok: false, code: 'PRINTER_INVALID_TICKET' });
    }
    expect(await handlers()[IpcChannel.printCallbackReceipt](fromKiosk, ticketJob())).toMatchObject({ ok: false, code: 'PRINTER_INVALID_TICKET' });
    expect(sim.receipts.length).toBe(before);
  });

  it('reports the printer’s real state (paper out) and a failed print with its code', async () => {
    sim.setPaper('out');
    expect(await handlers()[IpcChannel.printerStatus](fromKiosk)).toMatchObject({ configured: true, status: { paperOut: true, errorCode: 'PRINTER_PAPER_OUT' } });
    expect(await handlers()[IpcChannel.printTicket](fromKiosk, ticketJob())).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT' });
  });

  it('a page reloaded mid-print asks again “unless printed”: it shares the running print (one paper); asked so once it came out, `already`; asked plainly, it prints', async () => {
    const h = handlers();
    const before = sim.receipts.length;
    const both = await Promise.all([h[IpcChannel.printTicket](fromKiosk, ticketJob()), h[IpcChannel.printTicket](fromKiosk, { ...ticketJob(), unlessPrinted: true })]);
    expect(both).toEqual([expect.objectContaining({ ok: true, verified: true }), expect.objectContaining({ ok: true, verified: true })]);
    expect(sim.receipts.length).toBe(before + 1);
    expect(await h[IpcChannel.printTicket](fromKiosk, { ...ticketJob(), unlessPrinted: true })).toEqual({ ok: true, already: true });
    expect(sim.receipts.length).toBe(before + 1);
    // The customer lost it: asked without `unlessPrinted`, it prints again.
    expect(await h[IpcChannel.printTicket](fromKiosk, ticketJob())).toMatchObject({ ok: true, verified: true });
    expect(sim.receipts.length).toBe(before + 2);
  });

  it('a callback receipt the same, remembered apart from tickets; a print that sent nothing (paper out) is not remembered', async () => {
    const h = handlers();
    const before = sim.receipts.length;
    const job = { callback: callback(), office: { name: 'Oficina Centro', timeZone: 'America/Bogota' }, serviceName: 'Reclamos', lang: 'es' };
    sim.setPaper('out');
    expect(await h[IpcChannel.printCallbackReceipt](fromKiosk, job)).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT', sent: false });
    sim.setPaper('ok');
    expect(await h[IpcChannel.printCallbackReceipt](fromKiosk, { ...job, unlessPrinted: true })).toMatchObject({ ok: true, verified: true });
    expect(await h[IpcChannel.printCallbackReceipt](fromKiosk, { ...job, unlessPrinted: true })).toEqual({ ok: true, already: true });
    expect(sim.receipts.length).toBe(before + 1);
  });

  it('remembers what it printed for about an hour', async () => {
    const clock = { t: Date.UTC(2026, 10, 23, 15, 0) };
    const h = kioskIpcHandlers({ printer: createPrinter(sim.uri, { timeoutMs: 1000 }), appOrigin: ORIGIN, now: () => clock.t });
    const before = sim.receipts.length;
    await h[IpcChannel.printTicket](fromKiosk, ticketJob());
    clock.t += 59 * 60_000;
    expect(await h[IpcChannel.printTicket](fromKiosk, { ...ticketJob(), unlessPrinted: true })).toEqual({ ok: true, already: true });
    clock.t += 2 * 60_000;
    expect(await h[IpcChannel.printTicket](fromKiosk, { ...ticketJob(), unlessPrinted: true })).toMatchObject({ ok: true, verified: true });
    expect(sim.receipts.length).toBe(before + 2);
  });

  it('a malformed “unless printed” is refused like any malformed job', async () => {
    expect(await handlers()[IpcChannel.printTicket](fromKiosk, { ...ticketJob(), unlessPrinted: 'yes' })).toMatchObject({ ok: false, code: 'PRINTER_INVALID_TICKET' });
  });

  it('without a printer of its own it says so (the renderer then prints through the hub)', async () => {
    const none = kioskIpcHandlers({ printer: null, appOrigin: ORIGIN });
    expect(await none[IpcChannel.printerStatus](fromKiosk)).toEqual({ configured: false });
    expect(await none[IpcChannel.printTicket](fromKiosk, ticketJob())).toMatchObject({ ok: false, code: 'PRINTER_NOT_CONFIGURED' });
  });
});

describe('kiosk shell (electron mocked)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'turnero-kiosk-'));
    e.userData = dir;
    e.appEvents.clear();
    e.power.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens one fullscreen kiosk window on the hub’s /kiosk/ page and handles every IPC channel', async () => {
    writeFileSync(join(dir, 'turnero.json'), JSON.stringify({ hubUrl: 'http://192.168.1.10:8080', printer: sim.uri, paperWidth: 58 }));
    const win = await startKioskShell({ preloadPath: '/opt/turnero/preload.cjs', argv: [] });
    expect(win).not.toBeNull();
    expect(e.windows).toHaveLength(1);
    expect(e.windows[0]!.url).toBe('http://192.168.1.10:8080/kiosk/');
    expect(e.windows[0]!.options).toMatchObject({ kiosk: true, fullscreen: true, webPreferences: { preload: '/opt/turnero/preload.cjs', sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect([...e.handlers.keys()].sort()).toEqual(Object.values(IpcChannel).sort());
    const status = await e.handlers.get(IpcChannel.printerStatus)!(sender('http://192.168.1.10:8080/kiosk/'));
    expect(status).toMatchObject({ configured: true, status: { online: true } });
  });

  it('one memory of printed tickets for the app’s life: the page reloaded after a print asks “unless printed” and gets `already`', async () => {
    writeFileSync(join(dir, 'turnero.json'), JSON.stringify({ hubUrl: 'http://192.168.1.10:8080', printer: sim.uri }));
    await startKioskShell({ preloadPath: '/p.cjs', argv: [] });
    const page = sender('http://192.168.1.10:8080/kiosk/');
    const before = sim.receipts.length;
    expect(await e.handlers.get(IpcChannel.printTicket)!(page, ticketJob())).toMatchObject({ ok: true });
    expect(await e.handlers.get(IpcChannel.printTicket)!(page, { ...ticketJob(), unlessPrinted: true })).toEqual({ ok: true, already: true });
    expect(sim.receipts.length).toBe(before + 1);
  });

  it('keeps the screen awake while it runs (like the hall display) and lets it sleep again on quit', async () => {
    writeFileSync(join(dir, 'turnero.json'), JSON.stringify({ hubUrl: 'http://192.168.1.10:8080' }));
    await startKioskShell({ preloadPath: '/p.cjs', argv: [] });
    expect(e.power).toEqual([['start', 'prevent-display-sleep']]);
    e.appEvents.get('will-quit')?.();
    expect(e.power).toEqual([
      ['start', 'prevent-display-sleep'],
      ['stop', 41],
    ]);
  });

  it('a malformed config is shown on screen and the app exits, with no window', async () => {
    writeFileSync(join(dir, 'turnero.json'), JSON.stringify({ hubUrl: 'http://hub:8080', paperWidth: 76 }));
    const shown: unknown[][] = [];
    e.showErrorBox = (...a: unknown[]) => void shown.push(a);
    const exits: unknown[] = [];
    e.exit = (code: unknown) => void exits.push(code);
    expect(await startKioskShell({ preloadPath: '/p.cjs', argv: [] })).toBeNull();
    expect(String(shown[0]?.[1])).toMatch(/paperWidth must be 58 or 80/);
    expect(exits).toEqual([1]);
    expect(e.windows).toHaveLength(0);
    expect(e.power).toEqual([]);
  });

  it.each(['lp0', 'COM3', 'tcp://10.0.0.9:99999', 'tcp://printer:abc'])('a printer address that is no printer URI (%j) is shown on screen and the app exits, with no window', async (printer) => {
    writeFileSync(join(dir, 'turnero.json'), JSON.stringify({ hubUrl: 'http://hub:8080', printer }));
    const shown: unknown[][] = [];
    e.showErrorBox = (...a: unknown[]) => void shown.push(a);
    const exits: unknown[] = [];
    e.exit = (code: unknown) => void exits.push(code);
    expect(await startKioskShell({ preloadPath: '/p.cjs', argv: [] })).toBeNull();
    expect(String(shown[0]?.[1])).toMatch(/invalid printer URI/);
    expect(exits).toEqual([1]);
    expect(e.windows).toHaveLength(0);
  });

  it('reads the paper width (58 or 80 mm, default 80)', () => {
    expect(parseKioskFields({})).toEqual({ paperWidth: 80 });
    expect(parseKioskFields({ paperWidth: 58 })).toEqual({ paperWidth: 58 });
    expect(() => parseKioskFields({ paperWidth: '58' })).toThrow(/58 or 80/);
  });
});
