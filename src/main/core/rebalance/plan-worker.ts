// Worker thread entry: plans one planner input (the `keel plan --input` JSON) and posts the plan back, or the
// error. The thread that started it owns the database and the clock; it terminates this worker to cancel.
import { parentPort, workerData } from 'node:worker_threads';
import { toKeelError } from '../errors.ts';
import { planFromJson } from './plan.ts';
import { PlanInputError } from './types.ts';
import type { PlanWorkerMessage } from './jobs.ts';

const port = parentPort!;
const send = (m: PlanWorkerMessage): void => port.postMessage(m);

try {
  const plan = planFromJson((workerData as { input: unknown }).input, {
    onProgress: (drift) => send({ t: 'progress', drift }),
  });
  send({ t: 'done', plan });
} catch (e) {
  // The one conversion (errors.ts): a PlanInputError is VALIDATION naming its field, a failed verification PLAN_INVALID.
  const { code, message } = toKeelError(e);
  send({ t: 'error', code, message, ...(e instanceof PlanInputError ? { field: e.path } : {}) });
}
