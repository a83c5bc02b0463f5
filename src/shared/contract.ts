// The one contract between every door (Electron IPC, the web door's HTTP API, the CLI) and the core.
// Each operation is declared once, in its domain's slice (contract/*.ts): its name, a zod schema for its input
// and its output type. The view types and constants are zod-free (types.ts, re-exported here).
// Inputs are parsed from `unknown` in the core's dispatcher; results never throw across the boundary.
// Decimal values always cross as strings ("1234.56"), never as floats.
import type { z } from 'zod';
import type { Result } from './types.ts';
import { allocationOperations } from './contract/allocation.ts';
import { appOperations } from './contract/app.ts';
import { dataOperations } from './contract/data.ts';
import { householdOperations } from './contract/household.ts';
import { importOperations } from './contract/import.ts';
import { planOperations } from './contract/plans.ts';

export * from './types.ts';
export { columnMapInput } from './contract/import.ts';
export { planRequest } from './contract/plans.ts';

export const contract = {
  ...appOperations,
  ...householdOperations,
  ...importOperations,
  ...allocationOperations,
  ...planOperations,
  ...dataOperations,
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

/** The typed client every door's transport implements: one function per operation. */
export type KeelApi = {
  [K in OperationName]: (input: InputOf<K>) => Promise<Result<OutputOf<K>>>;
};
