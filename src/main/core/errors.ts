import type { ErrorCode, KeelError } from '../../shared/contract.ts';

/** An error the core raises on purpose; the dispatcher turns it into `{ ok: false, error }`. */
export class CoreError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
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
