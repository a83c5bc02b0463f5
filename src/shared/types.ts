// The zod-free half of the contract: every view type and constant a door or the renderer needs, by domain
// (types/*.ts). contract.ts re-exports all of it with the operations' zod schemas; the renderer imports this.
export * from './types/app.ts';
export * from './types/household.ts';
export * from './types/import.ts';
export * from './types/allocation.ts';
export * from './types/plans.ts';
export * from './types/prices.ts';
export * from './types/data.ts';
export * from './types/local.ts';
export * from './types/accounts.ts';
export * from './types/signals.ts';
