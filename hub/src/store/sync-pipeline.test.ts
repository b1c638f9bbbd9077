import { describe, expect, it } from 'vitest';
import { SyncPipeline } from './sync-pipeline.ts';

/** A pipeline whose fsyncs finish only when the test says so. */
function setup(maxInFlight = 2) {
  const pending: ((error: Error | null) => void)[] = [];
  const log: string[] = [];
  let slotFree = 0;
  const failures: Error[] = [];
  const p = new SyncPipeline((done) => pending.push(done), maxInFlight, () => slotFree++, (e) => failures.push(e));
  const waiter = (name: string) => (durable: boolean) => log.push(`${name}:${durable}`);
  return { p, pending, log, waiter, failures, slotFree: () => slotFree };
}

describe('SyncPipeline (pipelined group commit)', () => {
  it('releases a commit only after an fsync started after it has finished', () => {
    const { p, pending, log, waiter } = setup();
    p.committed([waiter('a')]);
    expect(pending).toHaveLength(1);
    expect(log).toEqual([]);
    pending[0]!(null);
    expect(log).toEqual(['a:true']);
  });

  it('runs at most maxInFlight fsyncs; commits meanwhile wait for the next one', () => {
    const { p, pending, log, waiter } = setup(2);
    p.committed([waiter('a')]);
    p.committed([waiter('b')]);
    expect(p.full).toBe(true);
    p.committed([waiter('c')]);
    expect(pending).toHaveLength(2);
    pending[0]!(null);
    expect(log).toEqual(['a:true']);
    expect(pending).toHaveLength(3); // c's fsync started in the freed slot
    pending[1]!(null);
    pending[2]!(null);
    expect(log).toEqual(['a:true', 'b:true', 'c:true']);
  });

  it('a later fsync that finishes first also releases the earlier commits, in order', () => {
    const { p, pending, log, waiter } = setup(2);
    p.committed([waiter('a')]);
    p.committed([waiter('b')]);
    pending[1]!(null);
    expect(log).toEqual(['a:true', 'b:true']);
    pending[0]!(null); // late, already covered: changes nothing
    expect(log).toEqual(['a:true', 'b:true']);
  });

  it('whenDurable waits for work committed earlier, and runs at once when nothing is pending', () => {
    const { p, pending, log, waiter } = setup(1);
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

  it('tells the writer when a slot frees, so a batch held open can be committed', () => {
    const { p, pending, slotFree } = setup(1);
    p.committed([]);
    expect(p.full).toBe(true);
    pending[0]!(null);
    expect(slotFree()).toBe(1);
    expect(p.full).toBe(false);
  });

  it('a failed fsync refuses every waiter and everything after it, and reports the failure once', () => {
    const { p, pending, log, waiter, failures } = setup(2);
    p.committed([waiter('a')]);
    p.committed([waiter('b')]);
    p.committed([waiter('c')]);
    pending[0]!(new Error('EIO'));
    expect(log).toEqual(['a:false', 'b:false', 'c:false']);
    expect(failures.map((e) => e.message)).toEqual(['EIO']);
    p.committed([waiter('d')]);
    p.whenDurable(waiter('e'));
    expect(log.slice(3)).toEqual(['d:false', 'e:false']);
    expect(pending).toHaveLength(2); // nothing new was started
  });

  it('drain makes everything durable on the spot (closing)', () => {
    const { p, pending, log, waiter } = setup(1);
    let synced = 0;
    p.committed([waiter('a')]);
    p.committed([waiter('b')]);
    p.drain(() => synced++);
    expect(synced).toBe(1);
    expect(log).toEqual(['a:true', 'b:true']);
    pending[0]!(null); // the fsync that was running ends later: already released
    expect(log).toEqual(['a:true', 'b:true']);
    p.drain(() => synced++);
    expect(synced).toBe(1); // nothing pending: no fsync
  });

  it('after a quiet spell syncs on the calling thread and releases at once; back-to-back commits are pipelined', () => {
    const pending: ((error: Error | null) => void)[] = [];
    const log: string[] = [];
    let now = 1000;
    const p = new SyncPipeline((done) => pending.push(done), 1, () => {}, () => {}, () => log.push('fsync here'), 5, () => now);
    now += 5; // quiet for 5 ms
    p.committed([(ok) => log.push(`a:${ok}`)]);
    expect(log).toEqual(['fsync here', 'a:true']);
    expect(pending).toHaveLength(0);
    now += 1; // the next commit comes 1 ms later: pipelined
    p.committed([(ok) => log.push(`b:${ok}`)]);
    expect(pending).toHaveLength(1);
    now += 1;
    p.committed([(ok) => log.push(`c:${ok}`)]); // an fsync runs: c waits for the next
    pending[0]!(null);
    expect(log).toEqual(['fsync here', 'a:true', 'b:true']);
    now += 10; // c's fsync is running however long ago the last one ended: no shortcut past it
    p.committed([(ok) => log.push(`d:${ok}`)]);
    expect(log.length).toBe(3);
    pending[1]!(null);
    expect(log).toEqual(['fsync here', 'a:true', 'b:true', 'c:true']);
    pending[2]!(null);
    expect(log).toEqual(['fsync here', 'a:true', 'b:true', 'c:true', 'd:true']);
  });

  it('a refused fsync on the calling thread refuses its waiters and stops the pipeline', () => {
    const failures: string[] = [];
    const log: string[] = [];
    const p = new SyncPipeline(
      () => {},
      1,
      () => {},
      (e) => failures.push(e.message),
      () => {
        throw new Error('EIO');
      },
      0,
    );
    p.committed([(ok) => log.push(`a:${ok}`)]);
    p.whenDurable((ok) => log.push(`b:${ok}`));
    expect(log).toEqual(['a:false', 'b:false']);
    expect(failures).toEqual(['EIO']);
  });
});
