// electron-vite turns `import('./x.ts?nodeWorker')` into a factory for a Worker running x.ts as its own chunk.
declare module '*?nodeWorker' {
  import type { Worker, WorkerOptions } from 'node:worker_threads';
  export default function createWorker(options: WorkerOptions): Worker;
}
