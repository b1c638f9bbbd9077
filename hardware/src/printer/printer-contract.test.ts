import { createPrinter } from './create-printer.ts';
import { printerContract } from './printer-contract.ts';
import { PrinterSimulator } from './printer-simulator.ts';

const SIM_TIMEOUT_MS = 400;

printerContract({
  name: 'network ESC/POS adapter against PrinterSimulator (127.0.0.1)',
  controllable: true,
  async setup() {
    const sim = await PrinterSimulator.start({ port: 0 });
    const printer = createPrinter(sim.uri, { timeoutMs: SIM_TIMEOUT_MS, printTimeoutMs: 2000 });
    return { printer, timeoutMs: SIM_TIMEOUT_MS, controls: sim, close: () => sim.stop() };
  },
});

const realUri = process.env['PRINTER_URI'];
printerContract({
  name: `real printer at ${realUri ?? 'PRINTER_URI'}`,
  controllable: false,
  skipReason: realUri ? null : 'set PRINTER_URI=tcp://host:9100 or /dev/usb/lp0 to run against a real printer',
  async setup() {
    const width = process.env['PRINTER_WIDTH'] === '58' ? 58 : 80;
    const type = process.env['PRINTER_TYPE'] === 'STAR' ? 'STAR' : 'EPSON';
    const printer = createPrinter(realUri!, { timeoutMs: 3000, paperWidth: width, type });
    return { printer, timeoutMs: 3000, close: async () => undefined };
  },
});
