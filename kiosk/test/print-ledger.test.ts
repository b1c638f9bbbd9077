import { describe, expect, it } from 'vitest';
import type { PrintResult } from '@turnero/hardware';
import { PRINT_MEMORY_MS, PrintLedger } from '../main/print-ledger.ts';
import { deferred } from './fixtures.ts';

const printed: PrintResult = { ok: true, verified: true, warning: null };
const inDoubt: PrintResult = { ok: false, code: 'PRINTER_TIMEOUT', message: 'no confirmation', sent: true };
const nothingSent: PrintResult = { ok: false, code: 'PRINTER_PAPER_OUT', message: 'out', sent: false };

/** A ledger on a settable clock, and a printer that answers each print as scripted (printed unless told). */
function setup() {
  const clock = { t: Date.UTC(2026, 11, 6, 14, 0) };
  const ledger = new PrintLedger(() => clock.t);
  let runs = 0;
  const run = (result: PrintResult = printed) => async () => {
    runs++;
    return result;
  };
  return { ledger, clock, run, runs: () => runs };
}

describe('PrintLedger (the kiosk main process’s memory of its prints)', () => {
  it('a second request while a print of the same id runs shares it, “unless printed” or not: one paper', async () => {
    const { ledger } = setup();
    const job = deferred<PrintResult>();
    let runs = 0;
    const slow = () => {
      runs++;
      return job.promise;
    };
    const first = ledger.print('ticket:t1', false, slow);
    const again = ledger.print('ticket:t1', true, slow);
    const plain = ledger.print('ticket:t1', false, slow);
    job.resolve(printed);
    expect(await Promise.all([first, again, plain])).toEqual([printed, printed, printed]);
    expect(runs).toBe(1);
  });

  it('“unless printed” after it came out is answered `already`, without paper; asked plainly (the customer lost it) it prints', async () => {
    const { ledger, run, runs } = setup();
    await ledger.print('ticket:t1', false, run());
    expect(await ledger.print('ticket:t1', true, run())).toEqual({ ok: true, already: true });
    expect(runs()).toBe(1);
    expect(await ledger.print('ticket:t1', false, run())).toEqual(printed);
    expect(runs()).toBe(2);
  });

  it('remembers for about an hour, then prints again', async () => {
    const { ledger, clock, run, runs } = setup();
    await ledger.print('ticket:t1', false, run());
    clock.t += PRINT_MEMORY_MS;
    expect(await ledger.print('ticket:t1', true, run())).toEqual({ ok: true, already: true });
    clock.t += 1;
    expect(await ledger.print('ticket:t1', true, run())).toEqual(printed);
    expect(runs()).toBe(2);
  });

  it('a print that sent nothing is not remembered: “unless printed” prints it (once refilled)', async () => {
    const { ledger, run, runs } = setup();
    expect(await ledger.print('ticket:t1', false, run(nothingSent))).toEqual(nothingSent);
    expect(await ledger.print('ticket:t1', true, run())).toEqual(printed);
    expect(runs()).toBe(2);
  });

  it('a print in doubt (sent, unconfirmed): “unless printed” gets the doubt back without paper, so the page asks the customer', async () => {
    const { ledger, run, runs } = setup();
    await ledger.print('ticket:t1', false, run(inDoubt));
    expect(await ledger.print('ticket:t1', true, run())).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT', sent: true });
    expect(runs()).toBe(1);
    // A later failure that sent nothing does not erase the doubt.
    await ledger.print('ticket:t1', false, run(nothingSent));
    expect(await ledger.print('ticket:t1', true, run())).toMatchObject({ ok: false, sent: true });
    expect(runs()).toBe(2);
  });

  it('ids are separate: another ticket prints', async () => {
    const { ledger, run, runs } = setup();
    await ledger.print('ticket:t1', false, run());
    expect(await ledger.print('callback:t1', true, run())).toEqual(printed);
    expect(await ledger.print('ticket:t2', true, run())).toEqual(printed);
    expect(runs()).toBe(3);
  });
});
