import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './cli.ts';
import { createPrinter } from './printer/create-printer.ts';
import { PrinterSimulator } from './printer/printer-simulator.ts';
import { sampleTicket } from './printer/sample-tickets.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/turnero-hw.js');

function fakeIo() {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (d: Buffer) => (outText += d.toString()));
  err.on('data', (d: Buffer) => (errText += d.toString()));
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const io = { out, err, stdin: new PassThrough(), stopped };
  return { io, stop, out: () => outText, err: () => errText };
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('turnero-hw CLI', () => {
  it.each([
    [['bogus'], 'unknown command'],
    [[], 'missing command'],
    [['print-test'], 'expected 1 argument'],
    [['print-test', 'tcp://127.0.0.1:9', '--width', '72'], '--width must be one of 58, 80'],
    [['print-test', 'lp0'], 'PRINTER_INVALID_URI'],
    [['printer-sim', '--port', 'x'], '--port must be an integer'],
    [['keypad-monitor'], 'expected 1 argument'],
    [['keypad-sim', '--nope'], "Unknown option '--nope'"],
  ])('%j exits 2 with a clear message', async (argv, message) => {
    const f = fakeIo();
    expect(await main(argv, f.io)).toBe(2);
    expect(f.err()).toContain(message);
  });

  it.each(['print-test', 'printer-sim', 'keypad-sim', 'keypad-monitor'])('%s --help prints its usage', async (command) => {
    const f = fakeIo();
    expect(await main([command, '--help'], f.io)).toBe(0);
    expect(f.out()).toContain(`turnero-hw ${command}`);
  });

  it('print-test prints on a simulator (exit 0) and reports a dead printer (exit 1)', async () => {
    const sim = await PrinterSimulator.start();
    try {
      const f = fakeIo();
      expect(await main(['print-test', sim.uri, '--width', '58', '--lang', 'en'], f.io)).toBe(0);
      expect(f.out()).toContain('"ok":true');
      expect(sim.lastReceipt()?.lines.some((l) => l.text.includes('YOUR TURN'))).toBe(true);
    } finally {
      await sim.stop();
    }
    const f = fakeIo();
    expect(await main(['print-test', sim.uri, '--timeout', '300'], f.io)).toBe(1);
    expect(f.out()).toContain('PRINTER_OFFLINE');
  });

  it('printer-sim shows decoded receipts and writes PNGs until stopped', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'turnero-cli-'));
    try {
      const f = fakeIo();
      const done = main(['printer-sim', '--port', '0', '--png-dir', dir], f.io);
      await until(() => /tcp:\/\/127\.0\.0\.1:\d+/.test(f.out()));
      const uri = /tcp:\/\/127\.0\.0\.1:\d+/.exec(f.out())![0];
      expect(await createPrinter(uri, { timeoutMs: 1000 }).print(sampleTicket())).toMatchObject({ ok: true });
      await until(() => f.out().includes('png '));
      expect(f.out()).toContain('[6x6] A-023');
      expect(f.out()).toContain('[QR] https://turnero.example.co/');
      f.stop();
      expect(await done).toBe(0);
      expect(await readdir(dir)).toEqual(['receipt-0001.png']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the bin launcher runs the TypeScript CLI through tsx', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [BIN, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
        });
      });
    expect(await run(['help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: turnero-hw') });
    expect(await run(['print-test'])).toMatchObject({ code: 2, stderr: expect.stringContaining('expected 1 argument') });
  });
});
