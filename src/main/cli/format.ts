// Plain-text rendering of core results for the terminal.
import type { HouseholdSummary } from '../../shared/contract.ts';

function money(value: string, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value as unknown as number);
}

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
