// The core's single entry point: parse the payload against the contract, run the handler, and answer with
// a Result. Nothing thrown inside a handler escapes; unexpected errors become INTERNAL.
import {
  contract,
  isOperationName,
  OPERATION_NAMES,
  type KeelApi,
  type KeelError,
  type OperationName,
  type OutputOf,
  type ParsedInputOf,
  type Result,
} from '../../shared/contract.ts';
import { CoreError } from './errors.ts';

export type Handlers = {
  [K in OperationName]: (input: ParsedInputOf<K>) => OutputOf<K> | Promise<OutputOf<K>>;
};

export type Dispatch = (operation: unknown, payload: unknown) => Promise<Result<unknown>>;

export function toKeelError(e: unknown): KeelError {
  if (e instanceof CoreError) return e.toJSON();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message };
}

export function createDispatcher(handlers: Handlers, onInternalError?: (e: unknown) => void): Dispatch {
  return async (operation, payload) => {
    if (!isOperationName(operation)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation: ${String(operation).slice(0, 80)}` },
      };
    }
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
      return { ok: true, value: await handler(parsed.data) };
    } catch (e) {
      if (!(e instanceof CoreError)) onInternalError?.(e);
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
