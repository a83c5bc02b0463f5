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
  'BUSY', // another writer held the database past the wait's deadline; the message and details name it
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
  /** Tax lots from the newest lot-details import for this account and security; empty when none was imported. */
  lots: LotView[];
}

export interface LotView {
  acquired: string;
  quantity: DecimalString;
  costBasis: DecimalString;
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
  /** The account's total in the household's base currency; null when no exchange rate is known. */
  totalInBase: DecimalString | null;
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
  /** Currencies of accounts left out of the total because no rate to the base currency is known. */
  missingFxRates: string[];
  accounts: AccountView[];
}

export interface AppInfo {
  name: string;
  version: string;
  schemaVersion: number;
  dataDir: string;
  databasePath: string;
  door: Door;
  /** The database's state at launch (or after the last restore); anything but 'ok' means the recovery screen. */
  health: DatabaseHealthView;
}
export type Door = 'electron' | 'web' | 'cli';

export interface FxRateView {
  /** ISO currency code; 1 unit of it is worth `rate` units of the base currency. */
  currency: string;
  rate: DecimalString;
  asOf: string | null;
  /** 'user', or the file it came from. */
  source: string;
}

export type BandRule = 'either' | 'wider';
export type BandStatus = 'in' | 'over' | 'under';
export type CyclicalsSetting = 'gics' | 'morningstar';

export interface SleeveView {
  id: number;
  /** The default sleeve this one is (reference data speaks these names); null for one the user added. */
  key: string | null;
  name: string;
}

export interface ModelTargetView {
  sleeve: string;
  targetPct: DecimalString;
  absolutePp: DecimalString;
  relativePct: DecimalString;
}

export interface ModelView {
  id: number;
  name: string;
  active: boolean;
  bandRule: BandRule;
  preset: string | null;
  targets: ModelTargetView[];
  /** Sleeve → symbols to buy for it, in order of preference. */
  preferred: Record<string, string[]>;
}

export interface SleeveAllocationView {
  sleeve: string;
  value: DecimalString;
  currentPct: DecimalString;
  targetPct: DecimalString;
  driftPp: DecimalString;
  /** Drift relative to the target, in percent; null when the target is 0. */
  driftRelPct: DecimalString | null;
  bandLowPct: DecimalString;
  bandHighPct: DecimalString;
  status: BandStatus;
}

export interface AllocationView {
  model: { id: number; name: string; bandRule: BandRule } | null;
  cyclicals: CyclicalsSetting;
  baseCurrency: string;
  total: DecimalString;
  sleeves: SleeveAllocationView[];
  /** Held but in no sleeve: listed, never dropped; their value is in `total`. */
  unclassified: { symbol: string; name: string; value: DecimalString; currentPct: DecimalString; reason: string }[];
  accounts: { id: number; name: string; total: DecimalString; sleeves: { sleeve: string; value: DecimalString; currentPct: DecimalString }[] }[];
}

export interface ClassificationView {
  symbol: string;
  name: string;
  assetType: string;
  /** Value held across the household, in the base currency. */
  value: DecimalString;
  sleeves: Record<string, DecimalString> | null;
  source: 'override' | 'reference' | 'rule' | null;
  /** Where the classification comes from, or why there is none. */
  basis: string;
}

export interface AllocationHistoryPoint {
  takenAt: string;
  model: string | null;
  total: DecimalString;
  sleeves: { sleeve: string; currentPct: DecimalString; targetPct: DecimalString; driftPp: DecimalString }[];
}

export interface DemoState {
  present: boolean;
  accounts: number;
}

export type ImportKindName = 'positions' | 'transactions' | 'lots';

export interface ImportPositionView {
  symbol: string;
  description: string;
  quantity: DecimalString | null;
  price: DecimalString | null;
  marketValue: DecimalString;
  costBasis: DecimalString | null;
  isCash: boolean;
  currency: string;
  line: number;
}

export interface ImportAccountView {
  /** Identifies the account within its file (its number, else its name). */
  key: string;
  name: string;
  number: string;
  currency: string;
  positions: ImportPositionView[];
  cash: DecimalString;
  total: DecimalString;
  fileTotal: DecimalString | null;
  reconciled: boolean;
  difference: DecimalString | null;
  transactions: number;
  lots: number;
  /** The existing Keel account this file's account goes into; null when Keel will create one. */
  match: { id: number; name: string } | null;
  /** In a preview of several files: the earlier file of this import that creates the same new account (both go into it). */
  sameAsIn?: string;
  taxTreatment: TaxTreatment;
  /** True when the tax treatment was guessed from the account's name (the user should confirm it). */
  taxTreatmentGuessed: boolean;
}

export interface ImportIssue {
  line: number;
  column?: number;
  message: string;
}

export interface ImportFileView {
  file: string;
  sha256: string;
  broker: string | null;
  layout: string | null;
  kind: ImportKindName | null;
  asOf: string | null;
  /** False when the file states no date and Keel used the import date (or the one the user gave). */
  asOfFromFile: boolean;
  status: 'previewed' | 'imported' | 'already-imported' | 'failed';
  alreadyImported: { batchId: number; importedAt: string } | null;
  batchId: number | null;
  accounts: ImportAccountView[];
  transactionCount: number;
  /** History rows skipped because an earlier import already holds them. */
  duplicateCount: number;
  lotCount: number;
  warnings: ImportIssue[];
  errors: (ImportIssue & { code: string })[];
  /** For a layout Keel does not know: the header row, so the user can map its columns (saveColumnMap). */
  header: { cells: string[]; line: number; signature: string } | null;
}

export interface ImportJobView {
  jobId: string;
  phase: 'preview' | 'import';
  state: 'running' | 'done' | 'failed';
  progress: { bytesRead: number; totalBytes: number };
  files: ImportFileView[];
}

export interface ImportBatchView {
  id: number;
  fileName: string;
  broker: string;
  layout: string;
  kind: ImportKindName;
  asOf: string | null;
  importedAt: string;
  counts: { accounts: number; positions: number; transactions: number; duplicates: number; lots: number };
  warnings: number;
}

/** Planner modes (issue 5); the core plans those in its SUPPORTED_MODES and refuses the others with VALIDATION. */
export const PLAN_MODES = ['full', 'band', 'invest', 'raise', 'pinned', 'min-cash'] as const;
export type PlanModeName = (typeof PLAN_MODES)[number];

/** One trade of a plan, as `keel plan --json` prints it (decimals as strings). */
export interface PlanTradeView {
  /** The planner's account id: the Keel account id as a string. */
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: DecimalString;
  price: DecimalString;
  amount: DecimalString;
  lots: { acquired: string; quantity: DecimalString; costPerShare: DecimalString }[];
  gain: { short: DecimalString; long: DecimalString };
  why: string;
  /** What the user should look at before placing it: a sale at a loss next to a purchase (wash sale), a short-term gain. */
  flags?: PlanTradeFlag[];
}

export type PlanTradeFlag = 'wash-sale' | 'short-term-gain' | 'pinned';

/** One sleeve before and after a plan: values in money, weights as fractions of V rounded to 6 places. */
export interface PlanSleeveView {
  sleeve: string;
  target: DecimalString;
  before: DecimalString;
  after: DecimalString;
  beforeValue: DecimalString;
  afterValue: DecimalString;
}

/** One account before and after a plan (cash after cash flows and trades). */
export interface PlanAccountView {
  account: string;
  valueBefore: DecimalString;
  valueAfter: DecimalString;
  cashBefore: DecimalString;
  cashAfter: DecimalString;
  bought: DecimalString;
  sold: DecimalString;
}

/** Estimated realised gains of a plan's sales in taxable accounts (sales in tax-advantaged accounts are not taxed). */
export interface PlanTaxView {
  shortTerm: DecimalString;
  longTerm: DecimalString;
  /** Gains and losses realised inside tax-deferred / tax-free accounts, for information. */
  sheltered: DecimalString;
  /** Sales that would realise a loss within 30 days of a purchase of the same security in any account. */
  washSales: number;
}

export interface PlanResultView {
  trades: PlanTradeView[];
  /** D / (2V), a fraction rounded to 6 places. */
  drift: { before: DecimalString; after: DecimalString };
  objective: DecimalString;
  optimal: boolean;
  gap: DecimalString;
  leftoverCash: Record<string, DecimalString>;
  warnings: string[];
  /** Household value V after cash flows. */
  value?: DecimalString;
  sleeves?: PlanSleeveView[];
  accounts?: PlanAccountView[];
  tax?: PlanTaxView;
  /** min-cash mode only: the smallest contribution found, in total and per account. */
  minCash?: { total: DecimalString; perAccount: Record<string, DecimalString> };
  /** band mode only: the minimised deviation from the band edges and each sleeve's status before. */
  band?: {
    objective: DecimalString;
    toTarget: boolean;
    sleeves: { sleeve: string; status: 'in' | 'over' | 'under'; before: DecimalString; aim: DecimalString }[];
  };
}

export interface HouseholdPlanView {
  plan: PlanResultView;
  /** What was left out of the plan or assumed (accounts, prices, classifications), then the planner's warnings. */
  warnings: string[];
  /** The planned accounts: the id trades name, the account's name, number and tax treatment. */
  accounts: { id: string; name: string; numberMasked?: string; taxTreatment?: TaxTreatment }[];
  /** The model planned against, the mode, and the oldest price date the plan used. */
  model?: string;
  mode?: PlanModeName;
  pricesAsOf?: string | null;
  /** Security names for the trade list (symbol → name), where Keel knows one. */
  names?: Record<string, string>;
  /** The saved plan's id when the plan was recorded (startPlan records every plan it finishes). */
  planId?: number;
}

/** A plan being solved off the main thread (startPlan): progress while it runs, the plan when done. */
export interface PlanJobView {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  elapsedMs: number;
  timeLimitMs: number;
  /** The best drift found so far (fraction), while running. */
  bestDrift: DecimalString | null;
  result: HouseholdPlanView | null;
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> } | null;
}

const noInput = z.strictObject({});
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const percent = z.string().regex(/^\d{1,3}(\.\d{1,6})?$/, 'expected a percentage like 30 or 12.5');
const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected an id');

/** A column mapping for a CSV layout Keel does not know: header names as they appear in the file. */
export const columnMapInput = z.strictObject({
  symbol: z.string().min(1).max(200),
  account: z.string().min(1).max(200).optional(),
  description: z.string().min(1).max(200).optional(),
  quantity: z.string().min(1).max(200).optional(),
  price: z.string().min(1).max(200).optional(),
  value: z.string().min(1).max(200).optional(),
  cost: z.string().min(1).max(200).optional(),
  currency: z.string().min(1).max(200).optional(),
  cashSymbols: z.array(z.string().min(1).max(40)).max(50).optional(),
  decimal: z.enum(['point', 'comma']).optional(),
  defaultCurrency: z.string().regex(/^[A-Z]{3}$/).optional(),
});

const accountKey = z.string().trim().min(1).max(200);
const amountText = z.string().trim().regex(/^\d{1,12}(\.\d{1,6})?$/, 'expected an amount like 100 or 1234.56');

/** What the user asks the planner for (planHousehold, startPlan); saved with every plan so it can be re-run. */
export const planRequest = z.strictObject({
  model: z.string().min(1).max(120).optional(),
  mode: z.enum(PLAN_MODES),
  /** Money added (negative: withdrawn) per account: its id, masked number or name. */
  cash: z
    .array(z.strictObject({ account: accountKey, amount: z.string().trim().regex(/^-?\d{1,12}(\.\d{1,6})?$/, 'expected an amount like 5000 or 1234.56') }))
    .max(500)
    .optional(),
  minTrade: amountText.optional(),
  asOf: isoDate.optional(),
  timeLimitMs: z.number().int().positive().max(600_000).optional(),
  /** band mode: trade out-of-band sleeves to their target rather than the band edge. */
  toTarget: z.boolean().optional(),
  /** Which lots a sale uses (default HIFO); specificLots overrides it for the named positions. */
  lotMethod: z.enum(['hifo', 'fifo', 'min-tax']).optional(),
  specificLots: z
    .array(z.strictObject({ account: accountKey, symbol: z.string().trim().min(1).max(64), acquired: isoDate, quantity: amountText }))
    .max(5000)
    .optional(),
  blockShortTermGains: z.boolean().optional(),
  /** The most net realised gain (taxable accounts) the plan may add this year. */
  gainBudget: amountText.optional(),
  /** Prefer selling inside tax-deferred and tax-free accounts (default true). */
  preferTaxAdvantaged: z.boolean().optional(),
  /** Wash sales are flagged (default) or prevented. */
  washSales: z.enum(['flag', 'prevent']).optional(),
  /** do-not-buy / do-not-sell / do-not-trade, per security, in one account or (no account) everywhere. */
  restrictions: z
    .array(z.strictObject({ symbol: z.string().trim().min(1).max(64), account: accountKey.optional(), rule: z.enum(['no-buy', 'no-sell', 'no-trade']) }))
    .max(5000)
    .optional(),
  /** Trades fixed by the user (pinned mode): exactly one of fraction (0–1 of the holding), amount or quantity. */
  pinned: z
    .array(
      z.strictObject({
        account: accountKey,
        symbol: z.string().trim().min(1).max(64),
        side: z.enum(['buy', 'sell']),
        fraction: z.string().trim().regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'expected a fraction from 0 to 1').optional(),
        amount: amountText.optional(),
        quantity: amountText.optional(),
      }),
    )
    .max(500)
    .optional(),
  /** The most money the plan may trade (buys plus sells). */
  turnoverCap: amountText.optional(),
  /** What one trade costs the plan, in money (F): a trade must lower D by more than this to be made. Default 0. */
  tradeCost: amountText.optional(),
  /** Cash each account keeps (default 0). */
  reserves: z.array(z.strictObject({ account: accountKey, amount: amountText })).max(500).optional(),
  /** Accounts that trade fractional shares. */
  fractional: z.array(accountKey).max(500).optional(),
});
export type PlanRequest = z.input<typeof planRequest>;

// ---- Saved plans and trade lists (issue 6): types ----
export type SavedPlanStatus = 'draft' | 'saved' | 'executed';

/** One recorded plan in a list. Every plan Keel computes is recorded as a draft; the newest 50 unnamed drafts are kept. */
export interface SavedPlanSummary {
  id: number;
  /** ISO timestamp. */
  createdAt: string;
  name: string | null;
  status: SavedPlanStatus;
  model: string | null;
  mode: PlanModeName;
  /** The currency the plan's prices and amounts are in (the household's base currency when planned). */
  currency: string;
  tradeCount: number;
  /** Sums of the buys' and the sells' estimated amounts. */
  bought: DecimalString;
  sold: DecimalString;
  drift: { before: DecimalString; after: DecimalString };
  optimal: boolean;
  executedAt: string | null;
}

/** A recorded plan whole: what was asked and the result (with planId set). */
export interface SavedPlanView extends SavedPlanSummary {
  request: PlanRequest;
  view: HouseholdPlanView;
}

/** rerunPlan: the stored planner input planned again (recorded as a new draft, `view.planId`) and compared. */
export interface PlanRerunView {
  planId: number;
  /** The trades equal the saved plan's exactly (account, symbol, side, quantity, price, amount, lots). */
  same: boolean;
  /** Both runs finished their search (proven optimal), so the same input must give the same trades. */
  deterministic: boolean;
  /** One line per trade that differs ("sell 90 AAPL in 1: saved, not now"). */
  differences: string[];
  note: string;
  view: HouseholdPlanView;
}

export type PlanFollowUpStatus = 'done' | 'partly' | 'not-done' | 'no-import';

export interface PlanFollowUpTradeView {
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: DecimalString;
  /** Shares held when planned, expected after the trade, and held per the newer import (null: no newer import). */
  before: DecimalString;
  expected: DecimalString;
  now: DecimalString | null;
  /** Shares of the trade still to do (0 when done; null without a newer import). */
  remaining: DecimalString | null;
  status: PlanFollowUpStatus;
}

export interface PlanFollowUpView {
  planId: number;
  /** not-executed: mark it executed first; waiting-for-import: no account of the plan has a newer import yet. */
  state: 'not-executed' | 'waiting-for-import' | 'compared';
  executedAt: string | null;
  accounts: { id: string; name: string; importedAt: string | null; asOf: string | null }[];
  trades: PlanFollowUpTradeView[];
  counts: { done: number; partly: number; notDone: number; noImport: number };
}

/** The printable trade list of a recorded plan: body markup under a `.trade-list` root (style: core/report/trade-list.css). */
export interface TradeListView {
  planId: number;
  title: string;
  html: string;
  /** The trades as CSV (RFC 4180, CRLF, formula-safe). */
  csv: string;
  /** A file name without extension, e.g. "keel-trade-list-2026-11-29-plan-12". */
  fileName: string;
}

const planIdInput = z.strictObject({ id: z.number().int().positive() });
// ---- end saved plans (issue 6) types ----

// ---- Data safety (issue 7) ----
/** 'ok', or how the database file is damaged (the file itself is kept, unchanged). */
export type DatabaseHealthState = 'ok' | 'corrupt' | 'truncated' | 'not-sqlite';

export interface DatabaseHealthView {
  state: DatabaseHealthState;
  /** What the check found, in words (e.g. "quick_check: …", "only 4096 bytes …"). */
  detail: string;
  /** While damaged: the name of the newest backup that passes the checks restore makes, or null. */
  newestGoodBackup: string | null;
}

export type BackupKindName = 'manual' | 'daily' | 'pre-migration' | 'pre-restore';

export interface BackupView {
  /** The file name in the backups folder: what restoreBackup takes. */
  name: string;
  kind: BackupKindName;
  /** Bytes. */
  size: number;
  /** When it was taken, ISO 8601 UTC. */
  date: string;
}

export interface BackupListView {
  /** The backups folder (for the user to find it). */
  folder: string;
  /** Newest first. */
  backups: BackupView[];
}

export interface RestoreView {
  /** The backup's name, or the imported file's name. */
  restored: string;
  /** Where the replaced database was kept (keel.db.replaced-…), or null when there was none. */
  replaced: string | null;
  /** The backup of the replaced database taken first (kind 'pre-restore'), when it was healthy. */
  safetyBackup: string | null;
  fromVersion: number;
  schemaVersion: number;
  health: DatabaseHealthView;
}

export interface DatasetExportView {
  name: string;
  /** Absolute path of the file written. */
  file: string;
  size: number;
  date: string;
}

const backupName = z.string().regex(/^keel-\d{8}-\d{6}-[a-z0-9-]{1,80}\.db$/, 'expected a backup name from listBackups');
/** Up to 12 MiB of binary per call, base64-encoded (16 Mi characters). */
const base64Chunk = z
  .string()
  .min(4)
  .max(16 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64')
  .refine((s) => s.length % 4 === 0, 'expected base64 (length a multiple of 4)');
// ---- end data safety ----

/** Declares an operation: `op<Output>()(inputSchema)`. The output type is compile-time only. */
const op =
  <O>() =>
  <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O });

export const contract = {
  getAppInfo: op<AppInfo>()(noInput),
  getHouseholdSummary: op<HouseholdSummary>()(noInput),
  loadDemo: op<DemoState>()(noInput),
  clearDemo: op<DemoState>()(noInput),

  // Import: the renderer uploads each file in text chunks, asks for a preview (parsed in the background;
  // poll getImportJob for progress), then commits the previewed files in one go. Every batch can be undone.
  startImportUpload: op<{ uploadId: string }>()(
    z.strictObject({
      name: z.string().min(1).max(255),
      /** The file's size in bytes; the text that arrives may not decode from more (see encoding). */
      size: z.number().int().min(0).max(4 * 1024 ** 3),
      /** What the page decodes the file from (default UTF-8): bounds how much the text may grow. */
      encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
    }),
  ),
  appendImportUpload: op<{ received: number }>()(
    z.strictObject({ uploadId: id, chunk: z.string().max(16 * 1024 * 1024) }),
  ),
  previewImport: op<{ jobId: string }>()(
    z.strictObject({ uploadIds: z.array(id).min(1).max(50), asOf: isoDate.optional() }),
  ),
  getImportJob: op<ImportJobView>()(z.strictObject({ jobId: id })),
  commitImport: op<{ jobId: string }>()(
    z.strictObject({
      jobId: id,
      asOf: isoDate.optional(),
      accounts: z
        .array(
          z.strictObject({
            file: z.string().min(1).max(255),
            key: z.string().max(255),
            taxTreatment: z.enum(TAX_TREATMENTS).optional(),
            name: z.string().min(1).max(120).optional(),
          }),
        )
        .max(500)
        .optional(),
    }),
  ),
  listImportBatches: op<ImportBatchView[]>()(noInput),
  /** Which column of an unknown layout is which; re-applied to every file with the same header. */
  saveColumnMap: op<{ signature: string }>()(
    z.strictObject({
      signature: z.string().regex(/^[0-9a-f]{32}$/, 'expected a header signature'),
      map: columnMapInput,
    }),
  ),
  getAllocation: op<AllocationView>()(z.strictObject({ model: z.string().min(1).max(120).optional() })),
  getAllocationHistory: op<AllocationHistoryPoint[]>()(noInput),
  listSleeves: op<SleeveView[]>()(noInput),
  /** The whole sleeve list in its new order: rename by id, add without id, remove by leaving out. */
  saveSleeves: op<SleeveView[]>()(
    z.strictObject({
      sleeves: z
        .array(z.strictObject({ id: z.number().int().positive().optional(), name: z.string().trim().min(1).max(60) }))
        .min(1)
        .max(40),
    }),
  ),
  listModels: op<ModelView[]>()(noInput),
  saveModel: op<ModelView>()(
    z.strictObject({
      id: z.number().int().positive().optional(),
      name: z.string().trim().min(1).max(120),
      bandRule: z.enum(['either', 'wider']),
      targets: z
        .array(
          z.strictObject({
            sleeve: z.string().min(1).max(60),
            targetPct: percent,
            absolutePp: percent.optional(),
            relativePct: percent.optional(),
          }),
        )
        .max(40),
      preferred: z.record(z.string().min(1).max(60), z.array(z.string().min(1).max(64)).max(20)).optional(),
    }),
  ),
  activateModel: op<ModelView>()(z.strictObject({ id: z.number().int().positive() })),
  deleteModel: op<{ deleted: number }>()(z.strictObject({ id: z.number().int().positive() })),
  listClassifications: op<ClassificationView[]>()(noInput),
  /** Sets (or with `sleeves: null`, removes) the user's own classification of a symbol: weights in percent summing to 100. */
  setClassification: op<ClassificationView>()(
    z.strictObject({
      // Option symbols from broker files run long ("XLI 08/21/2026 140.00 C").
      symbol: z.string().trim().min(1).max(64),
      sleeves: z.record(z.string().min(1).max(60), percent).nullable(),
    }),
  ),
  /** What each account can buy (a 401(k) menu); an account with no list can buy anything. */
  listAccountMenus: op<{ accountId: number; name: string; symbols: string[] }[]>()(noInput),
  setAccountMenu: op<{ accountId: number; name: string; symbols: string[] }>()(
    z.strictObject({ accountId: z.number().int().positive(), symbols: z.array(z.string().trim().min(1).max(64)).max(500) }),
  ),
  setCyclicals: op<{ cyclicals: CyclicalsSetting }>()(z.strictObject({ cyclicals: z.enum(['gics', 'morningstar']) })),
  listFxRates: op<{ baseCurrency: string; rates: FxRateView[] }>()(noInput),
  setFxRate: op<FxRateView>()(
    z.strictObject({
      currency: z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter currency code'),
      rate: z.string().regex(/^\d{1,9}(\.\d{1,10})?$/, 'expected a positive decimal like 1.0834').refine((r) => !/^0+(\.0+)?$/.test(r), 'a rate cannot be zero'),
      asOf: isoDate.optional(),
    }),
  ),
  /** Plans trades for the stored household against the active (or named) model, on the calling thread (the CLI). */
  planHousehold: op<HouseholdPlanView>()(planRequest),
  /** The same plan solved in a worker thread with a time limit; poll getPlanJob, stop with cancelPlan. */
  startPlan: op<{ jobId: string }>()(planRequest),
  getPlanJob: op<PlanJobView>()(z.strictObject({ jobId: id })),
  cancelPlan: op<PlanJobView>()(z.strictObject({ jobId: id })),
  // ---- Data safety (issue 7) ----
  // Backups in <dataDir>/backups (works in recovery too), a verified backup now, and restoring one by its name
  // from listBackups (never a path). The whole dataset as one file: exportDataset writes it to <dataDir>/exports
  // (the web door serves it at GET /exports/<name>); importing uploads it in base64 chunks (works in recovery
  // too), vets it, and restores it, keeping the replaced database. While the database is damaged (AppInfo.health)
  // every other operation answers DB_CORRUPT.
  listBackups: op<BackupListView>()(noInput),
  backupNow: op<BackupView>()(noInput),
  restoreBackup: op<RestoreView>()(z.strictObject({ name: backupName })),
  exportDataset: op<DatasetExportView>()(noInput),
  startDatasetUpload: op<{ uploadId: string }>()(
    z.strictObject({ name: z.string().min(1).max(255), size: z.number().int().min(1).max(4 * 1024 ** 3) }),
  ),
  appendDatasetUpload: op<{ received: number }>()(z.strictObject({ uploadId: id, chunk: base64Chunk })),
  importDataset: op<RestoreView>()(z.strictObject({ uploadId: id })),
  // ---- end data safety ----
  undoImportBatch: op<{ batchId: number; removed: { positions: number; transactions: number; lots: number; accounts: number } }>()(
    z.strictObject({ batchId: z.number().int().positive() }),
  ),
  // ---- Saved plans and trade lists (issue 6) ----
  listPlans: op<SavedPlanSummary[]>()(z.strictObject({ status: z.enum(['draft', 'saved', 'executed']).optional() })),
  getPlan: op<SavedPlanView>()(planIdInput),
  /** Keeps a recorded plan (status saved; no longer pruned), optionally naming it. */
  savePlan: op<SavedPlanSummary>()(z.strictObject({ id: z.number().int().positive(), name: z.string().trim().min(1).max(120).optional() })),
  deletePlan: op<{ deleted: number }>()(planIdInput),
  /** The user placed the trades: remembers when and the newest import, for getPlanFollowUp. */
  markPlanExecuted: op<SavedPlanSummary>()(planIdInput),
  rerunPlan: op<PlanRerunView>()(planIdInput),
  getPlanFollowUp: op<PlanFollowUpView>()(planIdInput),
  getTradeList: op<TradeListView>()(planIdInput),
  // ---- end saved plans (issue 6) ----
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
