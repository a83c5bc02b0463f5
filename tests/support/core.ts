// Helpers for tests that drive the core: a core closed when its test ends, and Results unwrapped or the test fails.
import { onTestFinished } from 'vitest';
import type { Result } from '../../src/shared/contract.ts';
import { CoreError } from '../../src/main/core/errors.ts';
import { openCore, type Core, type CoreOptions } from '../../src/main/core/index.ts';

/** openCore inside a test: the core is closed when the test finishes, passed or failed. */
export function openTestCore(options: CoreOptions): Core {
  const core = openCore(options);
  onTestFinished(() => core.close());
  return core;
}

/** A Result's value; a failed one fails the test with its code and message. */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The value of a Result still to come (see unwrap). */
export async function ok<T>(p: Promise<Result<T>>): Promise<T> {
  return unwrap(await p);
}

/** The CoreError `fn` throws; any other outcome fails the test. */
export function errorOf(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CoreError) return e;
    throw e;
  }
  throw new Error('expected a CoreError');
}
