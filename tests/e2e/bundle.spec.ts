// The desktop app's main process is bundled by electron-vite, which emits each worker thread as its own chunk
// (`import('./x.ts?nodeWorker')`). Electron cannot run here, but those chunks are plain Node: this runs the built
// planner worker the way the app does — input in, progress and the plan out — so a broken bundle fails here.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, test } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHUNKS = path.join(ROOT, 'out/main/chunks');

test('the bundled planner worker plans the example input and reports progress', async () => {
  test.skip(!fs.existsSync(CHUNKS), 'no build in out/ (npm test builds before the end-to-end suite)');
  const chunk = fs.readdirSync(CHUNKS).find((f) => f.startsWith('plan-worker-') && f.endsWith('.js'));
  expect(chunk, 'electron-vite emitted the planner worker as its own chunk').toBeDefined();
  const input = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/plan-input-example.json'), 'utf8'));
  const messages: { t: string; plan?: { trades: { symbol: string; side: string; quantity: string }[]; optimal: boolean } }[] = [];
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(path.join(CHUNKS, chunk as string), { workerData: { input } });
    worker.on('message', (m: (typeof messages)[number]) => {
      messages.push(m);
      if (m.t !== 'progress') void worker.terminate().then(() => resolve());
    });
    worker.on('error', reject);
  });
  const done = messages.at(-1);
  expect(done?.t).toBe('done');
  expect(messages.some((m) => m.t === 'progress')).toBe(true);
  // The same plan the core makes from the sources (src/main/cli/main.test.ts pins it too).
  expect(done?.plan?.optimal).toBe(true);
  expect(done?.plan?.trades.map((t) => `${t.side} ${t.quantity} ${t.symbol}`)).toEqual(['sell 10 QQQ', 'buy 19 IWM', 'buy 22 VTV', 'buy 27 XLI']);
});
