// Plain-text rendering of core results for the terminal.
import { dec } from '../core/money.ts';
import type { AllocationView, HouseholdPlanView, HouseholdSummary, ImportFileView, ModelView } from '../../shared/contract.ts';
import { formatMoney as money } from '../../shared/money.ts';

export function formatSummary(s: HouseholdSummary): string {
  const lines = [`Household total: ${money(s.total, s.baseCurrency)} (cash ${money(s.cash, s.baseCurrency)})`];
  for (const a of s.accounts) {
    lines.push('');
    lines.push(
      `${a.name}${a.isDemo ? ' [demo]' : ''} — ${a.broker} ${a.numberMasked} · ${a.taxTreatment} · as of ${a.asOf ?? 'never'}`,
    );
    for (const p of a.positions) {
      lines.push(`  ${p.symbol.padEnd(8)} ${p.quantity.padStart(12)} × ${p.price.padStart(10)} = ${money(p.marketValue, a.currency).padStart(14)}`);
    }
    lines.push(`  ${'Cash'.padEnd(8)} ${money(a.cash, a.currency).padStart(40)}`);
    lines.push(`  ${'Total'.padEnd(8)} ${money(a.total, a.currency).padStart(40)}`);
  }
  return lines.join('\n');
}

/**
 * The scripted shape of `keel import --json` (decimals as strings; fileTotal null when the file has none), as the
 * statement reads: cash only in `cash`, so positions plus cash is the total; symbols without the export's marks
 * (rawSymbol keeps the file's text where it differs); each position in its own currency, with baseValue (in the
 * account's currency) where the file states it.
 */
export function importJson(views: ImportFileView[]) {
  return {
    files: views.map((v) => ({
      file: v.file,
      broker: v.broker,
      kind: v.kind,
      asOf: v.asOf,
      accounts: v.accounts.map((a) => ({
        name: a.name,
        number: a.number,
        currency: a.currency,
        taxTreatment: a.taxTreatment,
        taxTreatmentGuessed: a.taxTreatmentGuessed,
        positions: a.positions.map((p) => ({
          symbol: p.symbol,
          ...(p.rawSymbol !== undefined ? { rawSymbol: p.rawSymbol } : {}),
          name: p.description,
          quantity: p.quantity,
          price: p.price,
          marketValue: p.marketValue,
          costBasis: p.costBasis,
          currency: p.currency,
          ...(p.baseValue !== undefined ? { baseValue: p.baseValue } : {}),
        })),
        cash: a.cash,
        total: a.total,
        fileTotal: a.fileTotal,
        reconciled: a.reconciled,
        difference: a.difference,
        mismatch: a.mismatch,
        lots: a.lots,
      })),
      warnings: v.warnings.map((w) => ({ line: w.line, message: w.message })),
      errors: v.errors.map((e) => ({ line: e.line, column: e.column ?? null, message: e.message })),
      status: v.status,
      layout: v.layout,
      transactions: v.transactionCount,
      duplicates: v.duplicateCount,
      lots: v.lotCount,
      batchId: v.batchId,
    })),
  };
}

export function formatImport(views: ImportFileView[], dryRun: boolean): string {
  const lines: string[] = [];
  for (const v of views) {
    const date = v.asOf ? `, as of ${v.asOf}${v.asOfFromFile ? '' : ' (not stated in the file — set it with --as-of)'}` : '';
    const what = v.broker ? `${v.broker} ${v.kind} (${v.layout})${date}` : '';
    const verdict = { imported: 'imported', previewed: dryRun ? 'parsed (dry run, nothing written)' : 'parsed', 'already-imported': 'already imported — nothing to do', failed: 'FAILED — nothing written' }[v.status];
    lines.push(`${v.file}: ${verdict}${what ? ` — ${what}` : ''}`);
    for (const a of v.accounts) {
      const into = a.match ? `into "${a.match.name}"` : `new account, tax treatment ${a.taxTreatment}${a.taxTreatmentGuessed ? ' (guessed from its name; change it in the app)' : ''}`;
      lines.push(`  ${a.name} ${a.number} — ${into}`);
      if (a.positions.length > 0 || a.cashLines.length > 0) {
        const rec = a.fileTotal === null ? 'the file states no total' : a.reconciled ? `reconciled with the file's ${money(a.fileTotal, a.currency)}` : `DIFFERS from the file's ${money(a.fileTotal, a.currency)} by ${money(a.difference ?? '0', a.currency)}`;
        lines.push(`    ${a.positions.length} positions, cash ${money(a.cash, a.currency)}, total ${money(a.total, a.currency)} — ${rec}`);
        if (a.mismatch && v.status !== 'failed') lines.push(`    more than 1% off the file's own total: ${v.status === 'imported' ? 'imported as confirmed (--accept-mismatch)' : 'importing it needs --accept-mismatch'}`);
      }
      if (a.lots > 0) lines.push(`    ${a.lots} tax lots`);
      if (a.transactions > 0) lines.push(`    ${a.transactions} history rows`);
    }
    if (v.duplicateCount > 0) lines.push(`  ${v.duplicateCount} history rows were already imported and were skipped`);
    for (const w of v.warnings) lines.push(`  warning${w.line ? ` (line ${w.line}${w.column ? `, column ${w.column}` : ''})` : ''}: ${w.message}`);
    for (const e of v.errors) {
      const where = e.line ? ` (line ${e.line}${e.column ? `, column ${e.column}` : ''})` : '';
      lines.push(`  error${where}: ${e.message}`);
    }
  }
  return lines.join('\n');
}

/** The scripted shape of `keel allocation --json`. */
export function allocationJson(a: AllocationView) {
  return {
    model: a.model?.name ?? null,
    total: a.total,
    sleeves: a.sleeves.map((s) => ({
      sleeve: s.sleeve,
      value: s.value,
      currentPct: s.currentPct,
      targetPct: s.targetPct,
      driftPp: s.driftPp,
      status: s.status,
    })),
    unclassified: a.unclassified.map((u) => u.symbol),
  };
}

export function formatAllocation(a: AllocationView): string {
  const lines = [`Model: ${a.model?.name ?? '(none)'} · bands: ${a.model?.bandRule === 'wider' ? 'out when the wider band is breached' : 'out when either band is breached'} · total ${money(a.total, a.baseCurrency)}`];
  lines.push(`${'Sleeve'.padEnd(18)} ${'Value'.padStart(14)} ${'Current'.padStart(9)} ${'Target'.padStart(8)} ${'Drift'.padStart(9)}  Status`);
  for (const s of a.sleeves) {
    const drift = `${s.driftPp.startsWith('-') ? '' : '+'}${dec(s.driftPp).toFixed(2)}`;
    lines.push(
      `${s.sleeve.padEnd(18)} ${money(s.value, a.baseCurrency).padStart(14)} ${(dec(s.currentPct).toFixed(2) + '%').padStart(9)} ${(s.targetPct + '%').padStart(8)} ${(drift + ' pp').padStart(9)}  ${s.status}`,
    );
  }
  if (a.unclassified.length > 0) lines.push(`Unclassified (counted in the total, in no sleeve): ${a.unclassified.map((u) => u.symbol).join(', ')} — run keel classify`);
  return lines.join('\n');
}

export function formatModels(models: ModelView[]): string {
  return models
    .map((m) => `${m.active ? '* ' : '  '}${m.name}: ${m.targets.map((t) => `${t.sleeve} ${t.targetPct}%`).join(', ')}`)
    .join('\n');
}

/** `keel plan` for people: the trades per account, drift before → after, leftover cash, warnings. */
export function formatPlan(v: HouseholdPlanView, currency: string): string {
  const p = v.plan;
  const name = (id: string): string => v.accounts.find((a) => a.id === id)?.name ?? id;
  const pct = (f: string): string => `${dec(f).times(100).toFixed(2)}%`;
  const lines = [
    `Drift ${pct(p.drift.before)} → ${pct(p.drift.after)}` +
      (p.optimal ? ' (proven optimal)' : ` (best found in the time allowed; at most ${money(p.gap, currency)} from the optimum)`),
  ];
  if (p.minCash) {
    const per = Object.entries(p.minCash.perAccount).filter(([, a]) => !dec(a).isZero());
    lines.push(`Smallest contribution: ${money(p.minCash.total, currency)}${per.length > 0 ? ` (${per.map(([id, a]) => `${name(id)} ${money(a, currency)}`).join(', ')})` : ''}`);
  }
  if (p.trades.length === 0) lines.push('', 'No trades: nothing to improve.');
  const ids = [...new Set([...v.accounts.map((a) => a.id), ...p.trades.map((t) => t.account)])];
  for (const id of ids) {
    const trades = p.trades.filter((t) => t.account === id);
    if (trades.length === 0 && p.leftoverCash[id] === undefined) continue;
    lines.push('', `${name(id)}`);
    for (const t of trades) {
      lines.push(
        `  ${t.side.padEnd(4)} ${t.quantity.padStart(10)} ${t.symbol.padEnd(8)} @ ${money(t.price, currency).padStart(12)} ≈ ${money(t.amount, currency).padStart(14)}  ${t.why}`,
      );
    }
    if (trades.length === 0) lines.push('  no trades');
    if (p.leftoverCash[id] !== undefined) lines.push(`  leftover cash ${money(p.leftoverCash[id], currency)}`);
  }
  if (v.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of v.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n');
}

// The CSV export is shared by every door (getTradeList serves it to the app too).
export { csvCell, planCsv } from '../../shared/csv.ts';
