import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrinterSimulator, receiptText, renderReceiptPng } from '@turnero/hardware';
import type { DeviceKind } from '@turnero/protocol';
import { hashSecret, newToken } from './auth/tokens.ts';
import { assertDemoOffice, DEMO_OFFICE_ID } from './demo.ts';
import type { SqliteStore } from './store/sqlite-store.ts';

interface DemoDevice {
  id: string;
  kind: DeviceKind;
  name: string;
  counterId: string | null;
  path: string;
}

const DEVICES: DemoDevice[] = [
  { id: 'demo-kiosk', kind: 'kiosk', name: 'Kiosco entrada (demo)', counterId: null, path: '/kiosk/' },
  { id: 'demo-booth', kind: 'kiosk', name: 'Cabina de video (demo)', counterId: null, path: '/kiosk/?mode=booth' },
  { id: 'demo-display', kind: 'display', name: 'Pantalla sala (demo)', counterId: null, path: '/display/' },
  { id: 'demo-pad-1', kind: 'keypad_station', name: 'Tableta calificación módulo 1 (demo)', counterId: 'modulo-1', path: '/agent/#/pad' },
];

/**
 * The demo's devices: each start gives them fresh tokens and returns ready-to-open links
 * (`…#token=…`, adopted by the app and removed from the address bar). Only into the office the demo
 * created (DemoRefusedError otherwise, nothing written): never bearer tokens for a real office.
 */
export function demoDeviceLinks(store: SqliteStore, baseUrl: string, printerUri: string | null, now: number): { name: string; url: string }[] {
  assertDemoOffice(store, DEMO_OFFICE_ID);
  return store.transaction(() =>
    DEVICES.map((d) => {
      const token = newToken();
      if (!store.deviceById(d.id)) {
        store.createDevice({ id: d.id, officeId: DEMO_OFFICE_ID, kind: d.kind, name: d.name, counterId: d.counterId, tokenHash: hashSecret(token), pairedAt: now, revoked: false, lastSeenAt: null, health: {}, printerUri: null, paperWidth: 80 });
      } else {
        store.setDeviceToken(d.id, hashSecret(token));
      }
      if (d.kind === 'kiosk') store.configureDevice(d.id, printerUri, 80);
      const sep = d.path.includes('#') ? '&' : '#';
      return { name: d.name, url: `${baseUrl}${d.path}${sep}token=${token}` };
    }),
  );
}

/** A simulated network printer for the demo: every ticket it "prints" is saved as a PNG. */
export async function startDemoPrinter(dir: string, log: (line: string) => void): Promise<PrinterSimulator> {
  mkdirSync(dir, { recursive: true });
  let sim: PrinterSimulator;
  try {
    sim = await PrinterSimulator.start({ host: '127.0.0.1', port: 9100 });
  } catch {
    sim = await PrinterSimulator.start({ host: '127.0.0.1', port: 0 });
  }
  let n = 0;
  sim.on('receipt', (receipt) => {
    const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++n}.png`);
    writeFileSync(file, renderReceiptPng(receipt));
    log(`printer: ${receiptText(receipt).split('\n').find((l) => /[A-Z]-\d{3}|TC-/.test(l))?.trim() ?? 'receipt'} → ${file}`);
  });
  return sim;
}
