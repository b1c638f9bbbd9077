import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { isHardwareError } from './errors.ts';
import { keypadMonitor, keypadSim, printerSim, printTest } from './cli-commands.ts';
import type { CliIo } from './cli-commands.ts';

const USAGE: Readonly<Record<string, string>> = {
  'print-test': `turnero-hw print-test <printer-uri> [--width 58|80] [--lang es|en] [--type EPSON|STAR] [--kind ticket|callback] [--timeout MS]
  Prints a sample ticket. <printer-uri> is tcp://host[:9100] or a device path such as /dev/usb/lp0.
  Exit code 0 when printed, 1 when the printer reported a problem.`,
  'printer-sim': `turnero-hw printer-sim [--port 9100] [--host 127.0.0.1] [--png-dir DIR] [--width 58|80]
  Runs a network ESC/POS printer simulator; prints what it receives and optionally writes PNGs.
  Type "paper out", "cover open", "offline refuse" ... on stdin to change its condition.`,
  'keypad-sim': `turnero-hw keypad-sim [--link PATH]
  Creates a PTY pair with socat; open the printed path as the keypad. Type 1..10 to press a key.`,
  'keypad-monitor': `turnero-hw keypad-monitor <serial-path> [--counter ID]
  Opens a rating keypad and prints its events; reconnects when it is unplugged.`,
};

const GENERAL = `usage: turnero-hw <command> [options]   (turnero-hw <command> --help for details)
commands:
${Object.values(USAGE).map((u) => `  ${u.split('\n')[0]}`).join('\n')}`;

class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

function parse(command: string, args: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function oneOf<T extends string>(name: string, value: string | boolean | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
}

function integer(name: string, value: string | boolean | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`--${name} must be an integer in ${min}..${max}`);
  return n;
}

function positionals(command: string, got: string[], want: number): string[] {
  if (got.length !== want) throw new UsageError(`${command}: expected ${want} argument(s), got ${got.length}`);
  return got;
}

async function dispatch(command: string, args: string[], io: CliIo): Promise<number> {
  const str = { type: 'string' } as const;
  const help = (values: Record<string, unknown>): boolean => {
    if (!values['help']) return false;
    io.out.write(`${USAGE[command]}\n`);
    return true;
  };
  switch (command) {
    case 'print-test': {
      const { values: v, positionals: p } = parse(command, args, { width: str, lang: str, type: str, kind: str, timeout: str });
      if (help(v)) return 0;
      const [uri] = positionals(command, p, 1);
      return printTest(io, {
        uri: uri!,
        width: Number(oneOf('width', v['width'], ['58', '80'], '80')) as 58 | 80,
        lang: oneOf('lang', v['lang'], ['es', 'en'], 'es'),
        type: oneOf('type', v['type'], ['EPSON', 'STAR'], 'EPSON'),
        kind: oneOf('kind', v['kind'], ['ticket', 'callback'], 'ticket'),
        timeoutMs: integer('timeout', v['timeout'], 3000, 100, 60_000),
      });
    }
    case 'printer-sim': {
      const { values: v, positionals: p } = parse(command, args, { port: str, host: str, 'png-dir': str, width: str });
      if (help(v)) return 0;
      positionals(command, p, 0);
      return printerSim(io, {
        host: typeof v['host'] === 'string' ? v['host'] : '127.0.0.1',
        port: integer('port', v['port'], 9100, 0, 65535),
        pngDir: typeof v['png-dir'] === 'string' ? v['png-dir'] : null,
        width: Number(oneOf('width', v['width'], ['58', '80'], '80')) as 58 | 80,
      });
    }
    case 'keypad-sim': {
      const { values: v, positionals: p } = parse(command, args, { link: str });
      if (help(v)) return 0;
      positionals(command, p, 0);
      return keypadSim(io, { link: typeof v['link'] === 'string' ? v['link'] : null });
    }
    case 'keypad-monitor': {
      const { values: v, positionals: p } = parse(command, args, { counter: str });
      if (help(v)) return 0;
      const [serialPath] = positionals(command, p, 1);
      return keypadMonitor(io, { path: serialPath!, counter: typeof v['counter'] === 'string' ? v['counter'] : '1' });
    }
    case 'help':
    case '--help':
    case '-h':
      io.out.write(`${GENERAL}\n`);
      return 0;
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  }
}

/** Runs the CLI; resolves with the exit code (2 for bad usage). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command = '', ...args] = argv;
  try {
    return await dispatch(command, args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`turnero-hw: ${error.message}\n${USAGE[command] ?? GENERAL}\n`);
      return 2;
    }
    if (isHardwareError(error)) {
      io.err.write(`turnero-hw: ${error.code}: ${error.message}\n`);
      return error.code === 'PRINTER_INVALID_URI' ? 2 : 1;
    }
    throw error;
  }
}

/** The process entry point used by bin/turnero-hw.js. */
export async function runFromProcess(): Promise<number> {
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return main(process.argv.slice(2), { out: process.stdout, err: process.stderr, stdin: process.stdin, stopped });
}
