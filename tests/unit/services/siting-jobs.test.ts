import { describe, expect, it } from 'vitest';
import { admit, JobStore, SitingLimitError } from '../../../api/src/services/siting-jobs.ts';

/** A run that reports progress and finishes when told to (or rejects when aborted). */
function controllable() {
  let finish!: (v: string) => void;
  const run = (signal: AbortSignal, onProgress: (f: number, phase: string) => void) =>
    new Promise<string>((resolve, reject) => {
      onProgress(0.25, 'greedy');
      finish = resolve;
      signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    });
  return { run, finish: (v: string) => finish(v) };
}

describe('siting job store', () => {
  it('should report progress while running and the result once done', async () => {
    const jobs = new JobStore<string>();
    const c = controllable();
    const job = jobs.start('alice', c.run);
    expect(job.view()).toMatchObject({ state: 'running', progress: { fraction: 0.25, phase: 'greedy' }, finished_at: null });
    expect(job.view().result).toBeUndefined();
    c.finish('answer');
    await job.done;
    expect(job.view()).toMatchObject({ state: 'done', result: 'answer', progress: { fraction: 1, phase: 'done' } });
  });

  it('should show a job only to those the visibility rule lets see its owner', () => {
    const jobs = new JobStore<string>();
    const job = jobs.start('alice', controllable().run);
    expect(jobs.get(job.id, (owner) => owner === 'alice')?.id).toBe(job.id);
    expect(jobs.get(job.id, (owner) => owner === 'bob')).toBeUndefined();
    jobs.cancelAll();
  });

  it('When a running job is cancelled, then its run is aborted and it stays cancelled (no late result)', async () => {
    const jobs = new JobStore<string>();
    let aborted = false;
    const job = jobs.start('alice', (signal) => new Promise<string>((resolve) => {
      signal.addEventListener('abort', () => {
        aborted = true;
        resolve('late'); // a run that ignores the abort and answers anyway
      });
    }));
    jobs.cancel(job.id);
    await job.done;
    expect(aborted).toBe(true);
    expect(job.view().state).toBe('cancelled');
    expect(job.view().result).toBeUndefined();
    jobs.cancel(job.id); // a second DELETE forgets it
    expect(jobs.get(job.id, () => true)).toBeUndefined();
  });

  it('should refuse more than maxRunning runs at once and drop the oldest finished job beyond maxJobs', async () => {
    const jobs = new JobStore<string>({ maxRunning: 2, maxJobs: 3 });
    const a = controllable();
    const b = controllable();
    const first = jobs.start('u', a.run);
    const second = jobs.start('u', b.run);
    expect(() => jobs.start('u', controllable().run)).toThrow(expect.objectContaining({ kind: 'queue_full', limit: 2, count: 2 }));
    a.finish('a');
    await first.done;
    const third = jobs.start('u', async () => 'c');
    await third.done;
    const fourth = jobs.start('u', async () => 'd'); // 3 kept at most: the oldest finished (first) goes
    await fourth.done;
    expect(jobs.get(first.id, () => true)).toBeUndefined();
    expect(jobs.get(second.id, () => true)?.view().state).toBe('running');
    expect(jobs.get(third.id, () => true)?.view().result).toBe('c');
    b.finish('b');
    await second.done;
  });

  it('When a caller runs their share (perUser), then their next run is refused as too_many_jobs, another caller\'s is not', async () => {
    const jobs = new JobStore<string>({ maxRunning: 3, perUser: 2 });
    const runs = [controllable(), controllable(), controllable()];
    const first = jobs.start('alice', runs[0]!.run);
    jobs.start('alice', runs[1]!.run);
    const refused = (() => {
      try {
        jobs.start('alice', controllable().run);
      } catch (err) {
        return err;
      }
    })() as SitingLimitError;
    expect(refused).toBeInstanceOf(SitingLimitError);
    expect([refused.kind, refused.limit, refused.count, refused.retryAfterSeconds]).toEqual(['too_many_jobs', 2, 2, 10]);
    expect(jobs.running()).toBe(2); // nothing started by the refusal
    jobs.start('bob', runs[2]!.run);
    // Three running: the whole store is full, for alice (her share first: 429) and for carol (503).
    expect(() => jobs.admit('alice')).toThrow(expect.objectContaining({ kind: 'too_many_jobs' }));
    expect(() => jobs.admit('carol')).toThrow(expect.objectContaining({ kind: 'queue_full', limit: 3, count: 3 }));
    runs[0]!.finish('a');
    await first.done;
    expect(() => jobs.admit('alice')).not.toThrow();
    jobs.cancelAll();
  });

  it('should admit by the counts of queued and running jobs: the caller\'s share first, then the whole queue', () => {
    const limits = { total: 5, perUser: 2 };
    expect(() => admit({ total: 4, mine: 1 }, limits)).not.toThrow();
    expect(() => admit({ total: 4, mine: 2 }, limits)).toThrow(expect.objectContaining({ kind: 'too_many_jobs', limit: 2, count: 2 }));
    expect(() => admit({ total: 5, mine: 0 }, limits)).toThrow(expect.objectContaining({ kind: 'queue_full', limit: 5, count: 5, retryAfterSeconds: 30 }));
    expect(() => admit({ total: 5, mine: 2 }, limits)).toThrow(expect.objectContaining({ kind: 'too_many_jobs' }));
  });

  it('should describe a failure with the configured mapping', async () => {
    const jobs = new JobStore<string>({ describeError: (err) => ({ code: 'invalid_parameter', message: (err as Error).message, field: 'p' }) });
    const job = jobs.start('u', async () => {
      throw new Error('p: too many');
    });
    await job.done;
    expect(job.view()).toMatchObject({ state: 'failed', error: { code: 'invalid_parameter', field: 'p' } });
    expect((job.failure as Error).message).toBe('p: too many');
  });
});
