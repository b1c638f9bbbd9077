import { describe, expect, it } from 'vitest';
import { SyncPipeline } from './sync-pipeline.ts';

/** A pipeline whose pool fsyncs finish only when the test says so, on a clock the test moves. */
function setup(opts: { quietMs?: number; syncNow?: () => void } = {}) {
  const pending: ((error: Error | null) => void)[] = [];
  const log: string[] = [];
  const failures: string[] = [];
  let ends = 0;
  const clock = { now: 1000 };
  const p = new SyncPipeline({
    sync: (done) => pending.push(done),
    syncNow: opts.syncNow ?? (() => log.push('fsync here')),
    onFsyncEnd: () => ends++,
    onFailure: (e) => failures.push(e.message),
    quietMs: opts.quietMs ?? Infinity,
    now: () => clock.now,
  });
  const waiter = (name: string) => (durable: boolean) => log.push(`${name}:${durable}`);
  return { p, pending, log, waiter, failures, clock, ends: () => ends };
}

describe('SyncPipeline (pipelined group commit)', () => {
  it('releases a commit only after an fsync started after it has finished', () => {
    const { p, pending, log, waiter } = setup();
    p.committed([waiter('a')]);
    expect(pending).toHaveLength(1);
    expect(p.busy).toBe(true);
    expect(log).toEqual([]);
    pending[0]!(null);
    expect(log).toEqual(['a:true']);
    expect(p.busy).toBe(false);
  });

  it('one fsync at a time: commits made while it runs wait for the next, which starts when it ends', () => {
    const { p, pending, log, waiter, ends } = setup();
    p.committed([waiter('a')]);
    p.committed([waiter('b')]);
    p.committed([waiter('c')]);
    expect(pending).toHaveLength(1);
    pending[0]!(null);
    expect(log).toEqual(['a:true']);
    expect(ends()).toBe(1); // the writer is told, and may commit its open batch
    expect(pending).toHaveLength(2); // b and c share the next fsync
    pending[1]!(null);
    expect(log).toEqual(['a:true', 'b:true', 'c:true']);
  });

  it('whenDurable waits for work committed earlier, and runs at once when nothing is pending', () => {
    const { p, pending, log, waiter } = setup();
    p.whenDurable(waiter('idle'));
    expect(log).toEqual(['idle:true']);
    p.committed([waiter('a')]);
    p.whenDurable(waiter('after-a')); // covered by the running fsync
    p.committed([waiter('b')]);
    p.whenDurable(waiter('after-b')); // needs the next one
    pending[0]!(null);
    expect(log).toEqual(['idle:true', 'a:true', 'after-a:true']);
    pending[1]!(null);
    expect(log).toEqual(['idle:true', 'a:true', 'after-a:true', 'b:true', 'after-b:true']);
  });

  it('a failed fsync refuses every waiter and everything after it, and reports the failure once', () => {
    const { p, pending, log, waiter, failures } = setup();
    p.committed([waiter('a')]);
    p.committed([waiter('b')]);
    pending[0]!(new Error('EIO'));
    expect(log).toEqual(['a:false', 'b:false']);
    expect(failures).toEqual(['EIO']);
    p.committed([waiter('c')]);
    p.whenDurable(waiter('d'));
    expect(log.slice(2)).toEqual(['c:false', 'd:false']);
    expect(pending).toHaveLength(1); // nothing new was started
  });

  it('drain makes everything durable on the spot (closing); the fsync that was running changes nothing when it ends', () => {
    const { p, pending, log, waiter } = setup();
    p.committed([waiter('a')]);
    p.committed([waiter('b')]);
    p.drain();
    expect(log).toEqual(['fsync here', 'a:true', 'b:true']);
    pending[0]!(null);
    expect(log).toEqual(['fsync here', 'a:true', 'b:true']);
    p.drain(); // nothing pending: no fsync
    expect(log.filter((l) => l === 'fsync here')).toHaveLength(1);
  });

  it('after a quiet spell syncs on the calling thread and releases at once; back-to-back commits are pipelined', () => {
    const { p, pending, log, waiter, clock } = setup({ quietMs: 5 });
    clock.now += 5; // quiet for 5 ms
    p.committed([waiter('a')]);
    expect(log).toEqual(['fsync here', 'a:true']);
    expect(pending).toHaveLength(0);
    clock.now += 1; // the next commit comes 1 ms later: pipelined
    p.committed([waiter('b')]);
    expect(pending).toHaveLength(1);
    clock.now += 10; // b's fsync is running however long ago the last one ended: no shortcut past it
    p.committed([waiter('c')]);
    expect(log).toEqual(['fsync here', 'a:true']);
    pending[0]!(null);
    pending[1]!(null);
    expect(log).toEqual(['fsync here', 'a:true', 'b:true', 'c:true']);
  });

  it('a refused fsync on the calling thread refuses its waiters and stops the pipeline', () => {
    const { p, log, waiter, failures } = setup({
      quietMs: 0,
      syncNow: () => {
        throw new Error('EIO');
      },
    });
    p.committed([waiter('a')]);
    p.whenDurable(waiter('b'));
    expect(log).toEqual(['a:false', 'b:false']);
    expect(failures).toEqual(['EIO']);
  });
});
