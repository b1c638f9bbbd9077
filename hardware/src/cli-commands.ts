import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { KeypadDriver } from './keypad/keypad-driver.ts';
import { KeypadSimulator } from './keypad/keypad-simulator.ts';
import { createPrinter } from './printer/create-printer.ts';
import { PrinterSimulator } from './printer/printer-simulator.ts';
import type { OfflineMode } from './printer/printer-simulator.ts';
import { renderReceiptPng } from './printer/receipt-png.ts';
import type { Receipt } from './printer/receipt.ts';
import { sampleCallbackReceipt, sampleTicket } from './printer/sample-tickets.ts';
import type { PaperWidth } from './printer/ticket-layout.ts';
import type { PrinterKind } from './printer/thermal-printer-adapter.ts';
import type { TicketLang } from './printer/ticket.ts';

/** Where a command reads and writes, and how it learns to stop (SIGINT/SIGTERM in the real CLI). */
export interface CliIo {
  out: Writable;
  err: Writable;
  stdin: Readable;
  /** Resolves when a long-running command should stop. */
  stopped: Promise<void>;
}

const line = (w: Writable, text: string): void => {
  w.write(`${text}\n`);
};

function onInputLines(io: CliIo, handle: (words: string[]) => Promise<void> | void): () => void {
  const rl = readline.createInterface({ input: io.stdin, terminal: false });
  rl.on('line', (text) => {
    const words = text.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    Promise.resolve(handle(words)).catch((e: unknown) => line(io.err, `! ${e instanceof Error ? e.message : String(e)}`));
  });
  return () => rl.close();
}

export async function printTest(
  io: CliIo,
  a: { uri: string; width: PaperWidth; lang: TicketLang; type: PrinterKind; kind: 'ticket' | 'callback'; timeoutMs: number },
): Promise<number> {
  const printer = createPrinter(a.uri, { paperWidth: a.width, type: a.type, timeoutMs: a.timeoutMs });
  line(io.out, `status ${JSON.stringify(await printer.status())}`);
  const ticket = a.kind === 'ticket' ? sampleTicket(a.lang, { issuedAt: Date.now() }) : sampleCallbackReceipt(a.lang, { issuedAt: Date.now() });
  const result = await printer.print(ticket);
  line(io.out, `print ${JSON.stringify(result)}`);
  return result.ok ? 0 : 1;
}

function describeReceipt(r: Receipt): string {
  const body = r.lines.map((l) => `  ${l.width > 1 || l.height > 1 ? `[${l.width}x${l.height}] ` : ''}${l.text}`);
  const qr = r.qr.map((q) => `  [QR] ${q}`);
  return [`--- receipt ${new Date(r.receivedAt).toISOString()}${r.cut ? '' : ' (not cut)'}`, ...body, ...qr, '---'].join('\n');
}

const SIM_HELP = 'commands: paper ok|near_end|out, cover open|closed, offline refuse|silent|off';

export async function printerSim(io: CliIo, a: { host: string; port: number; pngDir: string | null; width: PaperWidth }): Promise<number> {
  const sim = await PrinterSimulator.start({ host: a.host, port: a.port });
  line(io.out, `printer simulator listening on ${sim.uri}`);
  line(io.out, SIM_HELP);
  let count = 0;
  sim.on('receipt', (r) => {
    line(io.out, describeReceipt(r));
    if (!a.pngDir) return;
    const dir = a.pngDir;
    const file = path.join(dir, `receipt-${String(++count).padStart(4, '0')}.png`);
    mkdir(dir, { recursive: true })
      .then(() => writeFile(file, renderReceiptPng(r, { paperWidth: a.width })))
      .then(() => line(io.out, `png ${file}`))
      .catch((e: unknown) => line(io.err, `! cannot write ${file}: ${String(e)}`));
  });
  sim.on('discarded', (d) => line(io.out, `job discarded (${d.reason}): nothing came out`));
  const stopInput = onInputLines(io, async ([cmd, arg]) => {
    if (cmd === 'paper' && (arg === 'ok' || arg === 'near_end' || arg === 'out')) sim.setPaper(arg);
    else if (cmd === 'cover' && (arg === 'open' || arg === 'closed')) sim.setCoverOpen(arg === 'open');
    else if (cmd === 'offline' && (arg === 'refuse' || arg === 'silent' || arg === 'off')) {
      await sim.setOffline(arg === 'off' ? false : (arg as OfflineMode));
    } else return line(io.err, `? ${SIM_HELP}`);
    line(io.out, `condition ${JSON.stringify(sim.condition)}`);
  });
  await io.stopped;
  stopInput();
  await sim.stop();
  return 0;
}

export async function keypadSim(io: CliIo, a: { link: string | null }): Promise<number> {
  const sim = await KeypadSimulator.start(a.link ? { hostLink: a.link } : {});
  line(io.out, `keypad simulator: open ${sim.hostPath} at 9600 8N1`);
  line(io.out, 'type 1..10 to press a key, c cancel, h hello, u unplug, r replug');
  sim.on('lamp', (on) => line(io.out, `lamp ${on ? 'ON' : 'off'}`));
  sim.on('garbage', (l) => line(io.out, `host sent unknown line ${JSON.stringify(l)}`));
  const stopInput = onInputLines(io, async ([w]) => {
    if (w && /^(10|[1-9])$/.test(w)) await sim.press(Number(w));
    else if (w === 'c') await sim.cancel();
    else if (w === 'h') await sim.hello();
    else if (w === 'u') await sim.unplug();
    else if (w === 'r') await sim.replug();
    else return line(io.err, '? 1..10, c, h, u or r');
    line(io.out, `sent ${w}`);
  });
  await io.stopped;
  stopInput();
  await sim.stop();
  return 0;
}

export async function keypadMonitor(io: CliIo, a: { path: string; counter: string }): Promise<number> {
  const keypad = new KeypadDriver({ path: a.path, counterId: a.counter });
  const log = (event: string, detail: unknown): void => line(io.out, `${new Date().toISOString()} ${event} ${JSON.stringify(detail)}`);
  keypad.on('connected', (e) => log('connected', e));
  keypad.on('disconnected', (e) => log('disconnected', e));
  keypad.on('key', (e) => log('key', e));
  keypad.on('cancel', (e) => log('cancel', e));
  keypad.on('hello', (e) => log('hello', e));
  keypad.on('error', (e) => log('error', { code: e.code, message: e.message }));
  line(io.out, `monitoring ${a.path} for counter ${a.counter}; type "on"/"off" for the lamp, "?" to identify`);
  const stopInput = onInputLines(io, async ([w]) => {
    if (w === 'on') log('lamp_on', await keypad.lampOn());
    else if (w === 'off') log('lamp_off', await keypad.lampOff());
    else if (w === '?') log('identify', await keypad.identify());
    else line(io.err, '? on, off or ?');
  });
  await io.stopped;
  stopInput();
  await keypad.close();
  return 0;
}
