// The core's one error hierarchy: every error a domain raises on purpose is a CoreError (or extends it) and
// carries a contract error code; toKeelError is the one place anything thrown becomes `{ code, message }`.
import type { ErrorCode, KeelError } from '../../shared/contract.ts';

/** An error the core raises on purpose; the dispatcher turns it into `{ ok: false, error }`. */
export class CoreError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** True for a CoreError that still means a bug in Keel: the door reports it (onInternalError) as it does INTERNAL. */
  readonly reportable: boolean = false;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.details = details;
  }
  toJSON(): KeelError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Anything thrown, as a door receives it: a CoreError keeps its code and details; anything else is INTERNAL. */
export function toKeelError(e: unknown): KeelError {
  if (e instanceof CoreError) return e.toJSON();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message };
}

/** Whether a thrown error is a bug to report (onInternalError) rather than an answer to the caller. */
export function isUnexpected(e: unknown): boolean {
  return !(e instanceof CoreError) || e.reportable;
}
