// The `keel` command line: a thin door onto the same core and contract as the app.
// Output goes to stdout, errors to stderr with a non-zero exit code. It never prompts.
// Every command goes through the core's contract (core.api); the core's errors come back as Results (result.ts).
import { parseArgs } from 'node:util';
import { PLAN_MODES, type KeelApi, type PlanModeName, type PlanRequest, type Result } from '../../shared/contract.ts';
import { KEEL_VERSION } from '../../shared/version.ts';
import { CoreError, openCore, resolveDataDir, type Core, type CoreOptions } from '../core/index.ts';
import { startWebDoor } from '../web/server.ts';
import { allocationJson, formatAllocation, formatImport, formatModels, formatPlan, formatSummary, importJson, planCsv } from './format.ts';
import { safeIo } from './terminal.ts';
import { DATA_HELP, DataUsageError, diagnosisLines, refuseIfDamaged, runDataCommand, type DataCommand } from './data.ts';
import { ensureRendererBuilt, RENDERER_DIR } from './project.ts';
import { PLANS_HELP, PlansUsageError, runPlansCommand, writeTradeListFiles } from './plans.ts';
import { PRICES_HELP, PricesUsageError, runPricesCommand } from './prices.ts';
import { SIGNALS_HELP, SignalsUsageError, runSignalsCommand } from './signals.ts';
import { Refused, unwrap } from './result.ts';
import { ACCOUNTS_HELP, AccountsUsageError, applyTaxTreatments, runAccountsCommand, taxTreatmentPairs } from './accounts.ts';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks a long-running command (serve) to stop. */
  untilStopped: () => Promise<void>;
}

export const HELP = `Keel ${KEEL_VERSION} — offline portfolio rebalancing

Usage: keel [--data-dir DIR] <command> [options]

Commands:
  serve [--port N]        Serve Keel on http://127.0.0.1 (the web door); prints the URL to open
  import FILE... [--dry-run] [--json] [--accept-mismatch]
       [--tax-treatment NUMBER=taxable|tax-deferred|tax-free|hsa]... (NUMBER as the file shows it, e.g. ...777, or its last digits)
                          Import broker CSV exports (positions, history, lots); --dry-run only parses
                          A positions file whose total misses the file's own by more than 1% is refused
                          (exit 1, nothing written) unless given --accept-mismatch
  holdings [--json]       Positions per account with quantity, price, value, cost basis
  summary [--json]        The household's total value and holdings per account
  allocation [--model NAME] [--json]
                          Current vs target per sleeve, drift and band status (active model by default)
  models [--json]         Target models, the active one first
  plan [--model NAME] [--mode full|band|invest|raise|pinned|min-cash] [--cash ACCOUNT=AMOUNT]... [--json|--csv]
       [--html FILE] [--pdf FILE]
                          Plan trades for the stored household against the active (or named) model;
                          ACCOUNT is an account's id, number or name as \`keel holdings\` shows it
                          Every plan is recorded (the newest 50 unsaved ones are kept).
                          A preferred buy or pinned symbol without a price is named on stderr
                          (--json: in missingPrices); keel prices set gives it one
                          --html FILE writes the printable trade list; --pdf FILE prints it to PDF
                          with the Chromium/Chrome on this machine (or KEEL_CHROMIUM); exit 3 if none
       Options: --min-trade AMT  --trade-cost AMT (a trade must lower D by more)  --turnover-cap AMT
       --gain-budget AMT  --lot-method hifo|fifo|min-tax  --block-short-term  --wash-sales flag|prevent
       --to-target (band mode)  --time-limit MS  --no-buy|--no-sell|--no-trade SYMBOL[@ACCOUNT]...
       --pin ACCOUNT:sell:QQQ:20% | ACCOUNT:buy:XLF:$5000 | ACCOUNT:buy:IWM:10 (with --mode pinned)
  plan --input FILE.json --json
                          Plan trades for the household described in FILE (touches no database)
${PLANS_HELP}
${ACCOUNTS_HELP}
${PRICES_HELP}
${SIGNALS_HELP}
  classify SYMBOL SLEEVE=WEIGHT...
                          Your own classification of a security, weights in % summing to 100
                          (e.g. keel classify VT "Large-cap growth=30" Value=30 International=40);
                          keel classify SYMBOL --clear removes it
  demo --clear            Remove the demo household
  demo --load             Bring the demo household back
${DATA_HELP}
  info [--json]           Version and where Keel keeps its data
  help                    This text

Global options:
  --data-dir DIR          Folder holding keel.db and backups (default: KEEL_DATA_DIR, else the
                          platform's user-data folder, shared with the desktop app)
  -h, --help              Show help
  -v, --version           Show the version
`;

class UsageError extends Error {}

const PLAN_MODE_NAMES: readonly string[] = PLAN_MODES;

/** `keel plan` without --input: the stored household. */
interface PlanOptionFlags {
  'min-trade'?: string | undefined;
  'trade-cost'?: string | undefined;
  'turnover-cap'?: string | undefined;
  'gain-budget'?: string | undefined;
  'lot-method'?: string | undefined;
  'block-short-term'?: boolean | undefined;
  'wash-sales'?: string | undefined;
  'to-target'?: boolean | undefined;
  'time-limit'?: string | undefined;
  pin?: string[] | undefined;
  'no-buy'?: string[] | undefined;
  'no-sell'?: string[] | undefined;
  'no-trade'?: string[] | undefined;
}

const money = (flag: string, v: string): string => {
  const m = v.trim().replace(/^\$/, '').replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(m)) throw new UsageError(`--${flag} expects an amount like 100 or 2500.50, got "${v}"`);
  return m;
};

/** The planner options a user can give `keel plan` besides the mode, model and cash (the contract validates them). */
export function planOptionsFromFlags(v: PlanOptionFlags): Partial<PlanRequest> {
  const out: Partial<PlanRequest> = {};
  if (v['min-trade'] !== undefined) out.minTrade = money('min-trade', v['min-trade']);
  if (v['trade-cost'] !== undefined) out.tradeCost = money('trade-cost', v['trade-cost']);
  if (v['turnover-cap'] !== undefined) out.turnoverCap = money('turnover-cap', v['turnover-cap']);
  if (v['gain-budget'] !== undefined) out.gainBudget = money('gain-budget', v['gain-budget']);
  if (v['lot-method'] !== undefined) {
    if (!['hifo', 'fifo', 'min-tax'].includes(v['lot-method'])) throw new UsageError(`--lot-method must be hifo, fifo or min-tax, got "${v['lot-method']}"`);
    out.lotMethod = v['lot-method'] as 'hifo' | 'fifo' | 'min-tax';
  }
  if (v['block-short-term']) out.blockShortTermGains = true;
  if (v['wash-sales'] !== undefined) {
    if (!['flag', 'prevent'].includes(v['wash-sales'])) throw new UsageError(`--wash-sales must be flag or prevent, got "${v['wash-sales']}"`);
    out.washSales = v['wash-sales'] as 'flag' | 'prevent';
  }
  if (v['to-target']) out.toTarget = true;
  if (v['time-limit'] !== undefined) {
    const ms = Number(v['time-limit']);
    if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`--time-limit expects milliseconds, got "${v['time-limit']}"`);
    out.timeLimitMs = ms;
  }
  // --pin ACCOUNT:sell:QQQ:20%  |  ACCOUNT:buy:XLF:$5000  |  ACCOUNT:buy:IWM:10 (shares)
  const pins = (v.pin ?? []).map((text) => {
    const parts = text.split(':');
    const [how, symbol, side] = [parts.pop(), parts.pop(), parts.pop()];
    const account = parts.join(':');
    if (!account || !symbol || (side !== 'buy' && side !== 'sell') || !how) throw new UsageError(`--pin expects ACCOUNT:buy|sell:SYMBOL:20%|$5000|10, got "${text}"`);
    const h = how.trim();
    if (h.endsWith('%')) {
      const pct = Number(h.slice(0, -1));
      if (!(pct > 0 && pct <= 100)) throw new UsageError(`--pin: a percentage from 0 to 100, got "${h}"`);
      return { account, side, symbol: symbol.toUpperCase(), fraction: String(pct / 100) } as const;
    }
    if (h.startsWith('$')) return { account, side, symbol: symbol.toUpperCase(), amount: money('pin', h) } as const;
    return { account, side, symbol: symbol.toUpperCase(), quantity: money('pin', h) } as const;
  });
  if (pins.length > 0) out.pinned = pins;
  const restrictions: NonNullable<PlanRequest['restrictions']> = [];
  for (const rule of ['no-buy', 'no-sell', 'no-trade'] as const) {
    for (const text of v[rule] ?? []) {
      const [symbol, account] = text.split('@');
      if (!symbol) throw new UsageError(`--${rule} expects SYMBOL or SYMBOL@ACCOUNT, got "${text}"`);
      restrictions.push({ symbol: symbol.trim().toUpperCase(), rule, ...(account ? { account: account.trim() } : {}) });
    }
  }
  if (restrictions.length > 0) out.restrictions = restrictions;
  return out;
}

async function planStored(
  core: Core,
  values: {
    model?: string | undefined;
    mode?: string | undefined;
    cash?: string[] | undefined;
    json?: boolean | undefined;
    csv?: boolean | undefined;
    html?: string | undefined;
    pdf?: string | undefined;
  } & PlanOptionFlags,
  io: Io,
): Promise<number> {
  if (values.json && values.csv) throw new UsageError('keel plan takes one of --json or --csv');
  const mode = values.mode ?? 'full';
  if (!PLAN_MODE_NAMES.includes(mode)) throw new UsageError(`--mode must be one of ${PLAN_MODES.join(', ')}, got "${mode}"`);
  const cash = (values.cash ?? []).map((pair) => {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new UsageError(`--cash expects ACCOUNT=AMOUNT, got "${pair}"`);
    return { account: pair.slice(0, eq).trim(), amount: pair.slice(eq + 1).trim().replace(/^\$/, '').replace(/,/g, '') };
  });
  const view = unwrap(
    await core.api.planHousehold({
      mode: mode as PlanModeName,
      ...(values.model ? { model: values.model } : {}),
      ...(cash.length > 0 ? { cash } : {}),
      ...planOptionsFromFlags(values),
    }),
  );
  // The symbols the plan wanted and could not price: on stderr, so --json and --csv stay clean.
  const missing = view.missingPrices ?? [];
  for (const m of missing) io.err(`keel: ${m.symbol} has no price (${m.reason}), so the plan leaves it out: keel prices set ${m.symbol} PRICE`);
  if (values.json) io.out(JSON.stringify({ ...view.plan, warnings: view.warnings, ...(missing.length > 0 ? { missingPrices: missing } : {}) }, null, 2));
  else if (values.csv) io.out(planCsv(view).replace(/\n$/, ''));
  else io.out(formatPlan(view, unwrap(await core.api.getHouseholdSummary({})).baseCurrency));
  return await writeTradeList(core, view.planId, values, io);
}

/** --html FILE / --pdf FILE: the recorded plan's trade list (notes go to stderr so --json/--csv stay clean). */
async function writeTradeList(core: Core, planId: number | undefined, values: { html?: string | undefined; pdf?: string | undefined; json?: boolean | undefined; csv?: boolean | undefined }, io: Io): Promise<number> {
  const note = values.json || values.csv ? io.err : io.out;
  if (planId !== undefined && !values.json && !values.csv) note(`Saved as plan #${planId} (keel plans lists them).`);
  if (!values.html && !values.pdf) return 0;
  if (planId === undefined) throw new Refused({ code: 'INTERNAL', message: 'the plan was not recorded, so there is no trade list to write' });
  return await writeTradeListFiles(core.api, planId, values, io, note);
}

const defaultIo: Io = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  env: process.env,
  untilStopped: () =>
    new Promise((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
};

export async function main(argv: string[], rawIo: Io = defaultIo): Promise<number> {
  // Every line printed, data and errors alike, goes out terminal-safe (terminal.ts).
  const io = safeIo(rawIo);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'accept-mismatch': { type: 'boolean' },
        'as-of': { type: 'string' },
        model: { type: 'string' },
        input: { type: 'string' },
        mode: { type: 'string' },
        cash: { type: 'string', multiple: true },
        'min-trade': { type: 'string' },
        'trade-cost': { type: 'string' },
        'turnover-cap': { type: 'string' },
        'gain-budget': { type: 'string' },
        'lot-method': { type: 'string' },
        'block-short-term': { type: 'boolean' },
        'wash-sales': { type: 'string' },
        'to-target': { type: 'boolean' },
        'time-limit': { type: 'string' },
        pin: { type: 'string', multiple: true },
        'no-buy': { type: 'string', multiple: true },
        'no-sell': { type: 'string', multiple: true },
        'no-trade': { type: 'string', multiple: true },
        csv: { type: 'boolean' },
        html: { type: 'string' },
        pdf: { type: 'string' },
        clear: { type: 'boolean' },
        load: { type: 'boolean' },
        number: { type: 'string' },
        'tax-treatment': { type: 'string', multiple: true },
        name: { type: 'string' },
        symbol: { type: 'string' },
        series: { type: 'string' },
        cadence: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    io.err(`keel: ${(e as Error).message}`);
    io.err('Run `keel --help` for usage.');
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0] ?? (values.version ? 'version' : 'help');
  if (values.help || command === 'help') {
    io.out(HELP);
    return 0;
  }
  if (command === 'version') {
    io.out(KEEL_VERSION);
    return 0;
  }

  const dataDir = resolveDataDir({ flag: values['data-dir'], env: io.env });
  let core: Core | undefined;
  // A command that waits for another writer says so once, after 2 s, on stderr (db/lock.ts); it never asks.
  const onWaiting = (message: string) => io.err(`keel: ${message}`);
  try {
    const openWith = (options: Partial<CoreOptions> = {}): Core => (core = openCore({ dataDir, door: 'cli', onWaiting, ...options }));
    /**
     * The core for a command that needs data. It checks the database once as it opens (safety.ts); a damaged one:
     * the command prints `keel check`'s diagnosis of that check and exits 1.
     */
    const open = async (): Promise<Core> => {
      const c = openWith();
      await refuseIfDamaged(c.api);
      return c;
    };
    /** One operation on the core of a command that needs data; its value, or Refused. */
    const call = async <T>(operation: (api: KeelApi) => Promise<Result<T>>): Promise<T> => unwrap(await operation((await open()).api));
    /** The core for a command that must not create or seed keel.db, nor open it unless it reads it (safety.ts). */
    const openLocal = (): Core => openWith({ create: false, seedDemo: false, dailyBackup: false });
    switch (command) {
      case 'serve': {
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, got ${values.port}`);
        ensureRendererBuilt(io.err);
        const c = openWith({ door: 'web' });
        const door = await startWebDoor({ dispatch: c.dispatch, rendererDir: RENDERER_DIR, port, exportFile: (name) => c.exportFile(name) });
        const check = unwrap(await c.api.checkDatabase({}));
        if (check.state !== 'ok') for (const line of ['The database is damaged; the app opens on its recovery screen.', ...diagnosisLines(check)]) io.err(line);
        io.out(`Keel is serving on ${door.origin} (data: ${dataDir})`);
        io.out(`Open: ${door.url}`);
        io.out('Press Ctrl+C to stop.');
        await io.untilStopped();
        await door.close();
        return 0;
      }
      case 'import': {
        const files = positionals.slice(1);
        if (files.length === 0) throw new UsageError('keel import needs at least one FILE');
        const treatments = taxTreatmentPairs(values['tax-treatment'] ?? []);
        const c = await open();
        const dryRun = !!values['dry-run'];
        // One batch per file; the core records the allocation after each import.
        const views = unwrap(await c.api.importFiles({ paths: files, dryRun, ...(values['as-of'] ? { asOf: values['as-of'] } : {}), ...(values['accept-mismatch'] ? { acceptMismatch: true } : {}) }));
        const problems = await applyTaxTreatments(c.api, views, treatments, dryRun);
        io.out(values.json ? JSON.stringify(importJson(views), null, 2) : formatImport(views, dryRun));
        for (const p of problems) io.err(`keel: ${p}`);
        return views.every((v) => v.status !== 'failed') && problems.length === 0 ? 0 : 1;
      }
      case 'holdings': {
        const summary = await call((api) => api.getHouseholdSummary({}));
        io.out(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
        return 0;
      }
      case 'allocation': {
        const a = await call((api) => api.getAllocation(values.model ? { model: values.model } : {}));
        io.out(values.json ? JSON.stringify(allocationJson(a), null, 2) : formatAllocation(a));
        return 0;
      }
      case 'models': {
        const models = await call((api) => api.listModels({}));
        io.out(values.json ? JSON.stringify(models, null, 2) : formatModels(models));
        return 0;
      }
      case 'classify': {
        const [symbol, ...pairs] = positionals.slice(1);
        if (!symbol || (pairs.length === 0 && !values.clear)) throw new UsageError('keel classify SYMBOL SLEEVE=WEIGHT... (or --clear)');
        const sleeves: Record<string, string> = {};
        for (const pair of pairs) {
          const eq = pair.lastIndexOf('=');
          if (eq <= 0) throw new UsageError(`expected SLEEVE=WEIGHT, got "${pair}"`);
          sleeves[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim().replace(/%$/, '');
        }
        const c = await call((api) => api.setClassification({ symbol, sleeves: values.clear ? null : sleeves }));
        io.out(`${c.symbol}: ${c.sleeves ? Object.entries(c.sleeves).map(([k, v]) => `${k} ${v}%`).join(', ') : 'unclassified'} (${c.basis})`);
        return 0;
      }
      case 'plan': {
        if (!values.input) {
          // Every flag is optional: without --mode the plan is a full rebalance against the active model, and
          // the CLI says so (it never asks).
          if (values.mode === undefined) io.err('keel: no --mode given: planning a full rebalance (--mode full) against the active model');
          return await planStored(await open(), values, io);
        }
        // The household is the file's: no database is created or opened.
        io.out(JSON.stringify(unwrap(await openLocal().api.planFromInput({ file: values.input })), null, 2));
        return 0;
      }
      case 'prices':
        return await runPricesCommand((await open()).api, positionals.slice(1), values, io);
      case 'signals':
        return await runSignalsCommand((await open()).api, positionals.slice(1), values, io);
      case 'accounts':
        return await runAccountsCommand((await open()).api, positionals.slice(1), values, io);
      case 'plans':
        return await runPlansCommand((await open()).api, positionals.slice(1), values, io);
      case 'summary': {
        const summary = await call((api) => api.getHouseholdSummary({}));
        io.out(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
        return 0;
      }
      case 'demo': {
        if (values.clear === values.load) throw new UsageError('keel demo takes exactly one of --clear or --load');
        const c = await open();
        const state = unwrap(await (values.clear ? c.api.clearDemo({}) : c.api.loadDemo({})));
        io.out(values.clear ? 'Demo household removed.' : `Demo household present (${state.accounts} accounts).`);
        return 0;
      }
      case 'info': {
        const info = await call((api) => api.getAppInfo({}));
        io.out(
          values.json
            ? JSON.stringify(info, null, 2)
            : `Keel ${info.version}\nData folder: ${info.dataDir}\nDatabase:    ${info.databasePath} (schema ${info.schemaVersion})`,
        );
        return 0;
      }
      case 'backup':
      case 'backups':
      case 'restore':
      case 'check':
      case 'export':
      case 'import-dataset':
        return await runDataCommand(command as DataCommand, positionals.slice(1), openLocal().api, { json: values.json }, io);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof DataUsageError || e instanceof PlansUsageError || e instanceof AccountsUsageError || e instanceof PricesUsageError || e instanceof SignalsUsageError) {
      io.err(`keel: ${e.message}`);
      io.err('Run `keel --help` for usage.');
      return 2;
    }
    // A Result the core refused; or the core refusing to open at all (a database from a newer Keel).
    const refused = e instanceof Refused ? e.error : e instanceof CoreError ? e : null;
    if (refused) {
      io.err(`keel: ${refused.code}: ${refused.message}`);
      return 1;
    }
    io.err(`keel: ${(e as Error).message}`);
    return 1;
  } finally {
    (core as Core | undefined)?.close();
  }
}
