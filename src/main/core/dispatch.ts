// The core's single entry point: parse the payload against the contract, run the handler, and answer with
// a Result. Nothing thrown inside a handler escapes; unexpected errors become INTERNAL.
// A handler that writes runs through the WriteGate (db/lock.ts): the write lock is awaited without blocking the
// event loop and the handler runs inside that transaction, so a save made while an import holds the database
// waits for it instead of failing with SQLite's "database is locked"; a busy database that still reaches a
// handler becomes BUSY, naming what holds it.
import {
  contract,
  isOperationName,
  OPERATION_NAMES,
  type KeelApi,
  type OperationName,
  type OutputOf,
  type ParsedInputOf,
  type Result,
  unknownOperation,
} from '../../shared/contract.ts';
import { CoreError, isUnexpected, toKeelError } from './errors.ts';

export type Handlers = {
  [K in OperationName]: (input: ParsedInputOf<K>) => OutputOf<K> | Promise<OutputOf<K>>;
};

export type Dispatch = (operation: unknown, payload: unknown) => Promise<Result<unknown>>;

export interface WriteGate {
  /** Whether `operation` writes to the database (and so waits for the write lock first). */
  writes(operation: OperationName): boolean;
  /**
   * Runs `call` holding the write lock, awaited first (or throws BUSY / CONFLICT): its synchronous part is one
   * transaction, committed when it returns, rolled back when it throws.
   */
  run<T>(call: () => T): Promise<T>;
  /** The error for SQLITE_BUSY escaping a handler: BUSY naming the holder. */
  busy(): CoreError;
}

function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export function createDispatcher(handlers: Handlers, onInternalError?: (e: unknown) => void, gate?: WriteGate): Dispatch {
  return async (operation, payload) => {
    if (!isOperationName(operation)) return unknownOperation(operation);
    const parsed = contract[operation].input.safeParse(payload);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: `Invalid input for ${operation}: ${parsed.error.issues
            .map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`)
            .join('; ')}`,
          details: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        },
      };
    }
    try {
      const handler = handlers[operation] as (input: unknown) => unknown;
      const call = () => handler(parsed.data);
      return { ok: true, value: await (gate?.writes(operation) ? gate.run(call) : call()) };
    } catch (e) {
      if (gate && isSqliteBusy(e)) return { ok: false, error: gate.busy().toJSON() };
      if (isUnexpected(e)) onInternalError?.(e);
      return { ok: false, error: toKeelError(e) };
    }
  };
}

/** A typed client over a dispatcher: one function per operation, as the renderer and CLI see it. */
export function apiFromDispatch(dispatch: Dispatch): KeelApi {
  return Object.fromEntries(
    OPERATION_NAMES.map((name) => [name, (input: unknown) => dispatch(name, input)]),
  ) as unknown as KeelApi;
}
