// Starting a worker thread whether the core runs from its TypeScript sources (tsx, vitest) or bundled by
// electron-vite. From sources the worker first registers tsx's loader, then imports the entry; bundled, the
// caller's own `import('./x.ts?nodeWorker')` factory is used (electron-vite needs that import written literally
// in the module that owns the worker, so it is passed in).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** tsx's ESM register API (its package exports name it only under the `import` condition). */
function tsxEsmApi(from: string): string {
  const pkgJson = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return path.join(path.dirname(pkgJson), pkg.exports['./esm/api']!.import.default);
}

export type WorkerFactory = (options: { workerData: unknown; resourceLimits?: ResourceLimits }) => Worker;

/**
 * A worker running `entry` (a file name beside `callerUrl`). `bundled` loads electron-vite's factory for it and
 * is only called when the caller is not a .ts source.
 */
export async function startWorker(
  callerUrl: string,
  entry: string,
  bundled: () => Promise<{ default: WorkerFactory }>,
  workerData: unknown,
  resourceLimits?: ResourceLimits,
): Promise<Worker> {
  if (callerUrl.endsWith('.ts')) {
    const file = pathToFileURL(path.join(path.dirname(fileURLToPath(callerUrl)), entry)).href;
    const tsxApi = pathToFileURL(tsxEsmApi(callerUrl)).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(file)}); });`;
    return new Worker(boot, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
  }
  const { default: create } = await bundled();
  return create({ workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}
