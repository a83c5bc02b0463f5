// The one contract between every door (Electron IPC, the web door's HTTP API, the CLI) and the core.
// Each operation is declared once: its name, a zod schema for its input and its output type.
// Inputs are parsed from `unknown` in the core's dispatcher; results never throw across the boundary.
// Decimal values always cross as strings ("1234.56"), never as floats.
import { z } from 'zod';

export const ERROR_CODES = [
  'VALIDATION', // the payload did not match the operation's schema
  'UNKNOWN_OPERATION',
  'FORBIDDEN', // caller not allowed (foreign IPC frame, web door auth)
  'NOT_FOUND',
  'CONFLICT',
  'DB_TOO_NEW', // database written by a newer Keel
  'DB_CORRUPT', // not a Keel/SQLite database, or damaged
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface KeelError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: KeelError };

export const TAX_TREATMENTS = ['taxable', 'tax-deferred', 'tax-free', 'hsa', 'other'] as const;
export type TaxTreatment = (typeof TAX_TREATMENTS)[number];

/** A decimal number serialised as a string, e.g. "-1234.5600". */
export type DecimalString = string;

export interface PositionView {
  symbol: string;
  name: string;
  assetType: string;
  quantity: DecimalString;
  price: DecimalString;
  priceDate: string | null;
  marketValue: DecimalString;
  costBasis: DecimalString | null;
  /** marketValue − costBasis; null when the cost basis is unknown. */
  unrealizedGain: DecimalString | null;
  /** Share of the account's total (positions + cash), as a fraction rounded to 6 places: "0.166743". */
  weight: DecimalString;
}

export interface AccountView {
  id: number;
  name: string;
  broker: string;
  numberMasked: string;
  taxTreatment: TaxTreatment;
  currency: string;
  isDemo: boolean;
  asOf: string | null;
  cash: DecimalString;
  positionsValue: DecimalString;
  total: DecimalString;
  /** Cash as a share of the account's total, a fraction rounded to 6 places. */
  cashWeight: DecimalString;
  /** The account's share of the household's total, a fraction rounded to 6 places. */
  weight: DecimalString;
  positions: PositionView[];
}

export interface HouseholdSummary {
  baseCurrency: string;
  total: DecimalString;
  cash: DecimalString;
  /** Cash as a share of the household's total, a fraction rounded to 6 places. */
  cashWeight: DecimalString;
  positionCount: number;
  hasDemo: boolean;
  accounts: AccountView[];
}

export interface AppInfo {
  name: string;
  version: string;
  schemaVersion: number;
  dataDir: string;
  databasePath: string;
  door: Door;
}
export type Door = 'electron' | 'web' | 'cli';

export interface DemoState {
  present: boolean;
  accounts: number;
}

const noInput = z.strictObject({});

/** Declares an operation: `op<Output>()(inputSchema)`. The output type is compile-time only. */
const op =
  <O>() =>
  <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O });

export const contract = {
  getAppInfo: op<AppInfo>()(noInput),
  getHouseholdSummary: op<HouseholdSummary>()(noInput),
  loadDemo: op<DemoState>()(noInput),
  clearDemo: op<DemoState>()(noInput),
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
