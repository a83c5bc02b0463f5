// The one contract between every door (Electron IPC, the web door's HTTP API, the CLI) and the core.
// Each operation is declared once, in its domain's slice (contract/*.ts): its name, a zod schema for its input
// and its output type. The view types and constants are zod-free (types.ts, re-exported here).
// Inputs are parsed from `unknown` in the core's dispatcher; results never throw across the boundary.
// Decimal values always cross as strings ("1234.56"), never as floats.
import type { z } from 'zod';
import type { Result } from './types.ts';
import { accountOperations } from './contract/accounts.ts';
import { allocationOperations } from './contract/allocation.ts';
import { appOperations } from './contract/app.ts';
import { dataOperations } from './contract/data.ts';
import { householdOperations } from './contract/household.ts';
import { importOperations } from './contract/import.ts';
import { localOperations } from './contract/local.ts';
import { planOperations } from './contract/plans.ts';
import { priceOperations } from './contract/prices.ts';
import { signalOperations } from './contract/signals.ts';

export * from './types.ts';
export { columnMapInput } from './contract/import.ts';
export { planRequest } from './contract/plans.ts';

export const contract = {
  ...appOperations,
  ...householdOperations,
  ...accountOperations,
  ...importOperations,
  ...allocationOperations,
  ...planOperations,
  ...priceOperations,
  ...signalOperations,
  ...dataOperations,
  ...localOperations,
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type InputOf<K extends OperationName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends OperationName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends OperationName> = Contract[K]['output'];

export const OPERATION_NAMES = Object.keys(contract) as OperationName[];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/**
 * Operations that take paths on this machine (contract/local.ts): only a local door (the CLI) calls them. The web
 * door and the renderer's IPC refuse them exactly as an operation that does not exist (unknownOperation).
 */
export const LOCAL_OPERATIONS: ReadonlySet<OperationName> = new Set(Object.keys(localOperations) as OperationName[]);

/** What the web door and the renderer may call: every operation but the local ones. */
export const REMOTE_OPERATION_NAMES: readonly OperationName[] = OPERATION_NAMES.filter((name) => !LOCAL_OPERATIONS.has(name));

/** The one answer to an operation that does not exist (or that this door does not serve). */
export function unknownOperation(operation: unknown): Result<never> {
  return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation: ${String(operation).slice(0, 80)}` } };
}

/** The typed client every door's transport implements: one function per operation. */
export type KeelApi = {
  [K in OperationName]: (input: InputOf<K>) => Promise<Result<OutputOf<K>>>;
};

/** The local operations' names, as a type. */
export type LocalOperationName = Extract<keyof typeof localOperations, OperationName>;

/** What the renderer sees, behind either door: the client without the local operations. */
export type RemoteApi = Omit<KeelApi, LocalOperationName>;
