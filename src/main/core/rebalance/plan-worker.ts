// Worker thread entry: plans one planner input (the `keel plan --input` JSON) and posts the plan back, or the
// error. The thread that started it owns the database and the clock; it terminates this worker to cancel.
import { parentPort, workerData } from 'node:worker_threads';
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
  if (e instanceof PlanInputError) send({ t: 'error', code: 'VALIDATION', message: e.message, field: e.path });
  else send({ t: 'error', code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
}
