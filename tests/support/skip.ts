// Skips that say why. Vitest's `skipIf` records no reason; a skip made with `ctx.skip(reason)` carries its note to
// the skip reporter (tests/support/skip-reporter.ts), so `npm test`'s summary names every skipped test and why.
import { beforeEach } from 'vitest';

/** Call inside a describe: when `reason` is not null, every test in it reports itself skipped with that reason. */
export function skipAllUnless(reason: string | null): void {
  if (reason !== null) beforeEach((ctx) => ctx.skip(reason));
}
