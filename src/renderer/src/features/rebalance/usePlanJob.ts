// Runs one plan at a time: startPlan, then getPlanJob every POLL_MS until the job is done, failed or cancelled.
// Progress (elapsed against the time limit, the best drift so far) is shown while it runs; cancelPlan stops it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HouseholdPlanView, KeelError, PlanRequest } from '../../../../shared/types';
import { api } from '../../api/client';

const POLL_MS = 250;

export type PlanJobState =
  | { status: 'idle' }
  | { status: 'running'; jobId: string | null; elapsedMs: number; timeLimitMs: number; bestDrift: string | null; request: PlanRequest }
  | { status: 'done'; view: HouseholdPlanView; request: PlanRequest }
  | { status: 'failed'; error: KeelError; request: PlanRequest }
  | { status: 'cancelled'; request: PlanRequest };

export function usePlanJob() {
  const [state, setState] = useState<PlanJobState>({ status: 'idle' });
  // The job being followed; a newer start or an unmount stops following (and cancels) the older one.
  const current = useRef<{ token: number; jobId: string | null }>({ token: 0, jobId: null });

  const follow = useCallback(async (token: number, jobId: string, request: PlanRequest) => {
    for (;;) {
      const r = await api.getPlanJob({ jobId });
      if (current.current.token !== token) return;
      if (!r.ok) {
        setState({ status: 'failed', error: r.error, request });
        return;
      }
      const job = r.value;
      if (job.state === 'done' && job.result) {
        setState({ status: 'done', view: job.result, request });
        return;
      }
      if (job.state === 'failed' || (job.state === 'done' && !job.result)) {
        setState({ status: 'failed', error: job.error ?? { code: 'INTERNAL', message: 'The planner stopped without a plan.' }, request });
        return;
      }
      if (job.state === 'cancelled') {
        setState({ status: 'cancelled', request });
        return;
      }
      setState({ status: 'running', jobId, elapsedMs: job.elapsedMs, timeLimitMs: job.timeLimitMs, bestDrift: job.bestDrift, request });
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (current.current.token !== token) return;
    }
  }, []);

  const start = useCallback(
    async (request: PlanRequest) => {
      const token = current.current.token + 1;
      const previous = current.current.jobId;
      current.current = { token, jobId: null };
      if (previous) void api.cancelPlan({ jobId: previous });
      setState({ status: 'running', jobId: null, elapsedMs: 0, timeLimitMs: request.timeLimitMs ?? 0, bestDrift: null, request });
      try {
        const started = await api.startPlan(request);
        if (current.current.token !== token) return;
        if (!started.ok) {
          setState({ status: 'failed', error: started.error, request });
          return;
        }
        current.current.jobId = started.value.jobId;
        await follow(token, started.value.jobId, request);
      } catch (e) {
        if (current.current.token === token) setState({ status: 'failed', error: { code: 'INTERNAL', message: String(e) }, request });
      }
    },
    [follow],
  );

  const cancel = useCallback(async () => {
    const { jobId, token } = current.current;
    if (!jobId) return;
    const r = await api.cancelPlan({ jobId });
    if (current.current.token !== token) return;
    // The job may have finished just before the cancel reached it: show whatever it ended as.
    if (r.ok && r.value.state === 'done' && r.value.result) {
      current.current = { token: token + 1, jobId: null };
      setState((s) => (s.status === 'running' ? { status: 'done', view: r.value.result as HouseholdPlanView, request: s.request } : s));
      return;
    }
    current.current = { token: token + 1, jobId: null };
    setState((s) => (s.status === 'running' ? { status: 'cancelled', request: s.request } : s));
  }, []);

  /** Shows a plan that was not solved here (a saved plan opened again). */
  const show = useCallback((view: HouseholdPlanView, request: PlanRequest) => {
    current.current = { token: current.current.token + 1, jobId: null };
    setState({ status: 'done', view, request });
  }, []);

  useEffect(
    () => () => {
      const { jobId } = current.current;
      current.current = { token: current.current.token + 1, jobId: null };
      if (jobId) void api.cancelPlan({ jobId });
    },
    [],
  );

  return { state, start, cancel, show };
}
