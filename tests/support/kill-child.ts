// The child of the kill test (src/main/core/db/kill.test.ts). Run: node --import tsx tests/support/kill-child.ts DATA_DIR SEED
// Opens DATA_DIR with openCore, then in a loop imports small generated Schwab files, alternating a positions
// file (a new account each time) and a history file (a new account, unique dates and amounts), each through
// the app's own pipeline (processFile: one batch, one transaction), and saves three plans after each import
// (recordPlan, the store every finished plan goes through: one transaction with the pruning of old drafts).
// After each import commits it prints
//   DONE <batchId> <rows>
// where rows is what the file holds by construction: positions rows for a positions file, transactions for
// a history file. After each plan is recorded it prints
//   PLAN <planId> <sha256 of request, input and result as stored, joined by newlines>
// It prints READY once the database is open. It runs until killed. Any import that does not end 'imported' is a bug: exit 3.
// The plans are made up (a varying number of trades, up to ~40 KB of JSON, so a plan spans pages): what is
// tested is that a recorded plan is on disk whole or not at all, not the planner.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HouseholdPlanView, PlanRequest } from '../../src/shared/contract.ts';
import { openCore } from '../../src/main/core/index.ts';
import { processFile } from '../../src/main/core/import/pipeline.ts';
import { recordPlan } from '../../src/main/core/plans/store.ts';
import type { PlanInputJson } from '../../src/main/core/rebalance/types.ts';

const [dataDir, seedArg] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: kill-child.ts DATA_DIR SEED\n');
  process.exit(2);
}
const seed = Number(seedArg ?? 0);

const SYMBOLS = ['VTI', 'VXUS', 'BND', 'IWM', 'QQQ', 'VTV', 'XLI', 'SCHD', 'VNQ', 'AVUV', 'IJR', 'XLE'];

function q(cells: (string | number)[]): string {
  return cells.map((c) => `"${c}"`).join(',') + ',';
}

/** A Schwab single-account positions export with n securities; returns [csv, rows]. */
export function positionsFile(account: string, n: number, salt: number): [string, number] {
  const lines = [`"Positions for account Individual ${account} as of 07:49 PM ET, 2026/07/16"`, ''];
  lines.push(
    q(['Symbol', 'Description', 'Qty (Quantity)', 'Price', 'Price Chng $ (Price Change $)', 'Price Chng % (Price Change %)', 'Mkt Val (Market Value)', 'Day Chng $ (Day Change $)', 'Day Chng % (Day Change %)', 'Cost Basis', 'Gain $ (Gain/Loss $)', 'Gain % (Gain/Loss %)', 'Ratings', 'Reinvest?', 'Reinvest Capital Gains?', '% of Acct (% of Account)', 'Asset Type']),
  );
  let total = 0;
  for (let i = 0; i < n; i++) {
    const qty = 1 + ((salt + i) % 50);
    const price = 10 + i;
    total += qty * price;
    lines.push(q([SYMBOLS[i % SYMBOLS.length] as string, `FUND ${i}`, qty, `${price}.00`, '+0.10', '+0.1%', `$${qty * price}.00`, '$0.00', '0%', `$${qty * price}.00`, '$0.00', '0%', '--', 'No', 'N/A', '1%', 'ETFs & Closed End Funds']));
  }
  lines.push(q(['Positions Total', '', '--', '--', '--', '--', `$${total}.00`, '$0.00', '0%', '--', '--', '--', '--', '--', '--', '--', '--']));
  return [lines.join('\n') + '\n', n];
}

/** A Schwab history export (the account only in the file name, so the tag goes in the descriptions to make each
 * file's content, hence its sha256, unique) with n buys; returns [csv, rows]. */
export function historyFile(n: number, salt: number, tag: string): [string, number] {
  const lines = ['"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"'];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const day = 1 + (i % 28);
    const qty = 1 + ((salt + i) % 9);
    const amount = -(qty * (100 + i));
    total += amount;
    lines.push(`"03/${String(day).padStart(2, '0')}/2026","Buy","VTI","VANGUARD TOTAL STOCK ${tag}","${qty}","$${100 + i}.00","","-$${-amount}.00"`);
  }
  lines.push(`"Transactions Total","","","","","","","-$${-total}.00"`);
  return [lines.join('\n') + '\n', n];
}

/** A made-up plan with n trades; returns what recordPlan stores (request, input, result) and the view to record. */
function madeUpPlan(n: number, tag: string): { request: PlanRequest; input: PlanInputJson; view: HouseholdPlanView } {
  const trades = Array.from({ length: n }, (_, i) => ({
    account: '1',
    symbol: SYMBOLS[i % SYMBOLS.length] as string,
    side: (i % 2 === 0 ? 'buy' : 'sell') as 'buy' | 'sell',
    quantity: String(1 + i),
    price: `${100 + i}.25`,
    amount: `${(1 + i) * (100 + i)}.${String(25 * (1 + i)).slice(-2).padStart(2, '0')}`,
    lots: [{ acquired: '2025-01-02', quantity: String(1 + i), costPerShare: '99.5' }],
    gain: { short: '0', long: `${i}.5` },
    why: `kill test ${tag} trade ${i}: ${'x'.repeat(200)}`,
  }));
  const view: HouseholdPlanView = {
    plan: { trades, drift: { before: '0.1', after: '0.01' }, objective: '0', optimal: true, gap: '0', leftoverCash: { '1': '12.34' }, warnings: [] },
    warnings: [`plan ${tag}`],
    accounts: [{ id: '1', name: `Account ${tag}` }],
    model: 'Kill test',
    mode: 'full',
  };
  // Not a valid planner household (the planner is not what is tested); stored verbatim as JSON.
  const input = { accounts: [{ id: '1', tag }], positions: trades.map((t) => ({ symbol: t.symbol, quantity: t.quantity })) } as unknown as PlanInputJson;
  return { request: { mode: 'full', model: 'Kill test' }, input, view };
}

const core = openCore({ dataDir, door: 'cli', seedDemo: false, dailyBackup: false });
const incoming = path.join(dataDir, 'incoming');
fs.mkdirSync(incoming, { recursive: true });
process.stdout.write('READY\n');

for (let i = 0; ; i++) {
  // Unique across runs: the seed differs per spawn.
  const tag = `${seed}${String(i).padStart(4, '0')}`;
  const positions = i % 2 === 0;
  const n = 1 + ((seed + i) % (positions ? 8 : 25));
  const [csv, rows] = positions ? positionsFile(`...${tag}`, n, seed + i) : historyFile(n, seed + i, tag);
  const name = positions ? `Individual-Positions-${tag}.csv` : `Individual_XXX${tag}_Transactions_20260309-115444.csv`;
  const file = path.join(incoming, name);
  fs.writeFileSync(file, csv);
  const view = await processFile({ name, path: file }, { dbPath: core.opened.path, dryRun: false, asOf: '2026-07-16', parseIn: 'thread' });
  if (view.status !== 'imported' || view.batchId === null) {
    process.stderr.write(`import ${name} ended ${view.status}: ${JSON.stringify(view.errors)}\n`);
    process.exit(3);
  }
  fs.rmSync(file, { force: true });
  process.stdout.write(`DONE ${view.batchId} ${rows}\n`);

  // Three plans per import, so that a lane records more than MAX_DRAFTS and the store's pruning runs too.
  for (let k = 0; k < 3; k++) {
    const plan = madeUpPlan(1 + ((seed * 7 + i * 3 + k) % 120), `${tag}-${k}`);
    const planId = recordPlan(core.db, plan);
    const stored = [JSON.stringify(plan.request), JSON.stringify(plan.input), JSON.stringify(plan.view)].join('\n');
    process.stdout.write(`PLAN ${planId} ${createHash('sha256').update(stored).digest('hex')}\n`);
  }
}
