// Plans solved off the calling thread (issue 5: "the app never freezes"): the household is read into a planner
// input here (a quick read of the database), the search runs in a worker thread under the plan's time limit,
// and the UI polls the job. Cancelling terminates the worker; a worker that outlives its time limit by far
// (a bug, never expected) is terminated too and the job fails rather than hang.
import { randomBytes } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { ErrorCode, HouseholdPlanView, PlanJobView, PlanRequest, PlanResultView } from '../../../shared/contract.ts';
import { CoreError, toKeelError } from '../errors.ts';
import { startWorker } from '../worker.ts';
import { DEFAULT_TIME_LIMIT_MS, type PlanInputJson } from './types.ts';

export type PlanWorkerMessage =
  | { t: 'progress'; drift: string }
  | { t: 'done'; plan: PlanResultView }
  | { t: 'error'; code: ErrorCode; message: string; field?: string };

export interface PlanJobHooks<B extends { input: PlanInputJson }> {
  /** Reads the household into a planner input (throws CoreError for a request that cannot be planned). */
  build(request: PlanRequest): B;
  /** Turns the worker's plan into the view the UI shows (and records it: it may wait for the write lock). */
  finish(request: PlanRequest, built: B, plan: PlanResultView): HouseholdPlanView | Promise<HouseholdPlanView>;
}

interface Job {
  view: PlanJobView;
  started: number;
  worker: Worker | null;
  watchdog: NodeJS.Timeout | null;
  /** The plan arrived and is being recorded: the worker's exit is expected now. */
  finishing: boolean;
}

const MAX_JOBS = 20;
// Beyond its time limit the search stops by itself within milliseconds; this is only a safety net.
const WATCHDOG_SLACK_MS = 30_000;

export class PlanJobs<B extends { input: PlanInputJson }> {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly hooks: PlanJobHooks<B>) {}

  start(request: PlanRequest): { jobId: string } {
    const built = this.hooks.build(request);
    const jobId = randomBytes(12).toString('base64url');
    const timeLimitMs = built.input.options?.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
    const job: Job = {
      view: { jobId, state: 'running', elapsedMs: 0, timeLimitMs, bestDrift: null, result: null, error: null },
      started: performance.now(),
      worker: null,
      watchdog: null,
      finishing: false,
    };
    this.jobs.set(jobId, job);
    this.prune();
    void this.run(job, request, built);
    return { jobId };
  }

  get(jobId: string): PlanJobView {
    const job = this.jobs.get(jobId);
    if (!job) throw new CoreError('NOT_FOUND', `No plan job ${jobId} (it may have expired).`, { field: 'jobId' });
    if (job.view.state === 'running') job.view.elapsedMs = Math.round(performance.now() - job.started);
    return { ...job.view };
  }

  cancel(jobId: string): PlanJobView {
    const job = this.jobs.get(jobId);
    if (!job) throw new CoreError('NOT_FOUND', `No plan job ${jobId} (it may have expired).`, { field: 'jobId' });
    if (job.view.state === 'running') this.end(job, { state: 'cancelled' });
    return this.get(jobId);
  }

  dispose(): void {
    for (const job of this.jobs.values()) if (job.view.state === 'running') this.end(job, { state: 'cancelled' });
    this.jobs.clear();
  }

  private async run(job: Job, request: PlanRequest, built: B): Promise<void> {
    let worker: Worker;
    try {
      worker = await startWorker(import.meta.url, 'plan-worker.ts', () => import('./plan-worker.ts?nodeWorker'), { input: built.input });
    } catch (e) {
      this.end(job, { state: 'failed', error: { code: 'INTERNAL', message: `could not start the planner: ${(e as Error).message}` } });
      return;
    }
    if (job.view.state !== 'running') {
      void worker.terminate();
      return;
    }
    job.worker = worker;
    job.watchdog = setTimeout(
      () => this.end(job, { state: 'failed', error: { code: 'INTERNAL', message: 'the planner did not stop at its time limit' } }),
      job.view.timeLimitMs + WATCHDOG_SLACK_MS,
    );
    job.watchdog.unref?.();
    worker.on('message', (m: PlanWorkerMessage) => {
      if (job.view.state !== 'running') return;
      if (m.t === 'progress') job.view.bestDrift = m.drift;
      else if (m.t === 'error') {
        this.end(job, { state: 'failed', error: { code: m.code, message: m.message, ...(m.field !== undefined ? { details: { field: m.field } } : {}) } });
      } else {
        job.finishing = true;
        void (async () => {
          try {
            const result = await this.hooks.finish(request, built, m.plan);
            this.end(job, { state: 'done', result, bestDrift: m.plan.drift.after });
          } catch (e) {
            const err = toKeelError(e);
            this.end(job, { state: 'failed', error: { code: err.code, message: err.message } });
          }
        })();
      }
    });
    worker.on('error', (e) => this.end(job, { state: 'failed', error: { code: 'INTERNAL', message: e.message } }));
    worker.on('exit', (code) => {
      if (job.view.state === 'running' && !job.finishing) this.end(job, { state: 'failed', error: { code: 'INTERNAL', message: `the planner stopped (exit ${code})` } });
    });
  }

  private end(job: Job, patch: Partial<PlanJobView>): void {
    if (job.view.state !== 'running') return;
    job.view = { ...job.view, ...patch, elapsedMs: Math.round(performance.now() - job.started) };
    if (job.watchdog) clearTimeout(job.watchdog);
    job.watchdog = null;
    const w = job.worker;
    job.worker = null;
    if (w) {
      w.removeAllListeners();
      w.on('error', () => {});
      void w.terminate();
    }
  }

  private prune(): void {
    if (this.jobs.size <= MAX_JOBS) return;
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= MAX_JOBS) break;
      if (job.view.state !== 'running') this.jobs.delete(id);
    }
  }
}
