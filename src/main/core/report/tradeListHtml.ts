// The printable trade list of a plan (issue 6): a pure function from the plan's view to HTML markup under one
// `.trade-list` root, styled by trade-list.css (the renderer imports that file; the CLI inlines it). Every piece
// of text is escaped; numbers are formatted exactly from their decimal strings (shared/money.ts, never floats).
import type { HouseholdPlanView, PlanModeName, PlanTradeView } from '../../../shared/contract.ts';
import { printDecimal, printMoney } from '../../../shared/money.ts';
import { type Decimal, dec } from '../money.ts';

/** Numbers as the trade list prints them (tests check rows against it). */
export { printDecimal as formatDecimal };

export const NOT_ADVICE = 'Keel computes this from your own targets and prices; it is not investment advice.';

export interface TradeListOptions {
  /** When the plan was made (ISO timestamp or date). */
  createdAt: string;
  /** The currency of prices and amounts (ISO code). */
  currency: string;
  planId?: number | undefined;
  planName?: string | null | undefined;
  /** Prices older than the price-age setting (prices/settings.ts stalePriceDates), named in a note under the header. */
  stale?: { staleDays: number; prices: readonly { symbol: string; asOf: string; ageDays: number }[] } | undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** A fraction ("0.172215") as a percentage with 2 decimals ("17.22%"). */
export function formatPct(fraction: string): string {
  return `${printDecimal(dec(fraction).times(100).toFixed(), 2)}%`;
}

const MODE_LABELS: Record<PlanModeName, string> = {
  full: 'Full rebalance',
  band: 'Back into bands',
  invest: 'Invest new cash',
  raise: 'Raise cash',
  pinned: 'Pinned trades',
  'min-cash': 'Smallest contribution',
};

const TAX_LABELS: Record<string, string> = {
  taxable: 'Taxable',
  'tax-deferred': 'Tax-deferred',
  'tax-free': 'Tax-free',
  hsa: 'HSA',
  other: 'Other',
};

const FLAG_LABELS: Record<string, string> = { 'wash-sale': 'Wash sale', 'short-term-gain': 'Short-term gain', pinned: 'Pinned' };

export function tradeListTitle(view: HouseholdPlanView, options: TradeListOptions): string {
  const parts = ['Keel trade list', options.createdAt.slice(0, 10)];
  if (options.planName) parts.push(options.planName);
  else if (view.model) parts.push(view.model);
  return parts.join(' — ');
}

function notes(t: PlanTradeView, currency: string): string {
  const out: string[] = [];
  for (const f of t.flags ?? []) out.push(`<span class="tl-flag tl-flag-${escapeHtml(f)}">${escapeHtml(FLAG_LABELS[f] ?? f)}</span>`);
  if (t.side === 'sell' && t.lots.length > 0) {
    const lots = t.lots.map((l) => `${escapeHtml(l.acquired)}: ${escapeHtml(printDecimal(l.quantity))} @ ${escapeHtml(printMoney(l.costPerShare, currency, 2))}`);
    out.push(`<span class="tl-lots">Lots ${lots.join('; ')}</span>`);
  }
  const short = dec(t.gain.short);
  const long = dec(t.gain.long);
  if (!short.isZero() || !long.isZero()) {
    const g: string[] = [];
    if (!short.isZero()) g.push(`short-term ${printMoney(t.gain.short, currency)}`);
    if (!long.isZero()) g.push(`long-term ${printMoney(t.gain.long, currency)}`);
    out.push(`<span class="tl-gain">Est. gain ${escapeHtml(g.join(', '))}</span>`);
  }
  return out.join(' ');
}

function row(t: PlanTradeView, name: string, currency: string): string {
  return (
    `<tr class="tl-row tl-${t.side}">` +
    `<td class="tl-side"><span class="tl-pill">${t.side === 'buy' ? 'Buy' : 'Sell'}</span></td>` +
    // (A CUSIP or another long identifier is set smaller, so that it fits the column without wrapping.)
    `<td class="tl-symbol${t.symbol.length > 6 ? ' tl-symbol-long' : ''}">${escapeHtml(t.symbol)}</td>` +
    `<td class="tl-name">${escapeHtml(name)}</td>` +
    `<td class="tl-num tl-shares">${escapeHtml(printDecimal(t.quantity))}</td>` +
    `<td class="tl-num">${escapeHtml(printMoney(t.price, currency, 'own'))}</td>` +
    `<td class="tl-num tl-amount">${escapeHtml(printMoney(t.amount, currency))}</td>` +
    `<td class="tl-limit"><span class="tl-write"></span></td>` +
    `<td class="tl-notes">${notes(t, currency)}</td>` +
    `<td class="tl-done"><span class="tl-box" role="img" aria-label="done box"></span></td>` +
    `</tr>`
  );
}

const COLS =
  '<colgroup><col class="tl-c-side"><col class="tl-c-symbol"><col class="tl-c-name"><col class="tl-c-shares"><col class="tl-c-price">' +
  '<col class="tl-c-amount"><col class="tl-c-limit"><col class="tl-c-notes"><col class="tl-c-done"></colgroup>';

const HEAD =
  COLS +
  '<thead><tr><th class="tl-side" scope="col">Side</th><th scope="col">Symbol</th><th scope="col">Name</th>' +
  '<th class="tl-num" scope="col">Shares</th><th class="tl-num" scope="col">Est. price</th><th class="tl-num" scope="col">Est. amount</th>' +
  '<th class="tl-limit" scope="col">Limit price</th><th scope="col">Lots / notes</th><th class="tl-done" scope="col">Done</th></tr></thead>';

const sumOf = (trades: readonly PlanTradeView[], side: 'buy' | 'sell'): Decimal =>
  trades.filter((t) => t.side === side).reduce((s, t) => s.plus(t.amount), dec(0));

/** The trade list as HTML markup under one `<article class="trade-list">`. */
export function renderTradeList(view: HouseholdPlanView, options: TradeListOptions): string {
  const cur = options.currency;
  const plan = view.plan;
  const money = (v: string | Decimal): string => escapeHtml(printMoney(typeof v === 'string' ? v : v.toFixed(), cur));
  const accountIds = [...new Set([...view.accounts.map((a) => a.id), ...plan.trades.map((t) => t.account)])];
  const account = (id: string) => view.accounts.find((a) => a.id === id) ?? { id, name: `Account ${id}` };
  const accountLine = (id: string): string => {
    const a = account(id);
    const bits = [a.numberMasked, a.taxTreatment ? (TAX_LABELS[a.taxTreatment] ?? a.taxTreatment) : undefined].filter((x): x is string => !!x);
    return `<span class="tl-acct-name">${escapeHtml(a.name)}</span>${bits.length > 0 ? ` <span class="tl-acct-meta">${escapeHtml(bits.join(' · '))}</span>` : ''}`;
  };
  const totalBuys = sumOf(plan.trades, 'buy');
  const totalSells = sumOf(plan.trades, 'sell');

  const meta: [string, string][] = [
    ['Date', escapeHtml(options.createdAt.slice(0, 10))],
    ['Model', escapeHtml(view.model ?? '—')],
    ['Mode', escapeHtml(view.mode ? MODE_LABELS[view.mode] : '—')],
    ['Prices as of', escapeHtml(view.pricesAsOf ?? '—')],
    ['Drift', `${escapeHtml(formatPct(plan.drift.before))} → ${escapeHtml(formatPct(plan.drift.after))}${plan.optimal ? '' : '<span class="tl-muted tl-sub">best found in the time limit</span>'}`],
    [`Sells (${plan.trades.filter((t) => t.side === 'sell').length})`, money(totalSells)],
    [`Buys (${plan.trades.filter((t) => t.side === 'buy').length})`, money(totalBuys)],
  ];
  if (options.planId !== undefined) meta.push(['Plan', `#${options.planId}${options.planName ? ` · ${escapeHtml(options.planName)}` : ''}`]);

  const out: string[] = [];
  out.push('<article class="trade-list">');
  out.push('<header class="tl-header">');
  out.push(`<div class="tl-title"><span class="tl-brand">Keel</span><h1>Trade list</h1></div>`);
  out.push(`<dl class="tl-meta">${meta.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>`);
  out.push(`<div class="tl-accounts"><span class="tl-label">Accounts</span><ul>${accountIds.map((id) => `<li>${accountLine(id)}</li>`).join('')}</ul></div>`);
  out.push('</header>');
  if (options.stale && options.stale.prices.length > 0) {
    const { staleDays, prices } = options.stale;
    const named = prices.map((p) => `<li><span class="tl-symbol">${escapeHtml(p.symbol)}</span> ${escapeHtml(p.asOf)} <span class="tl-muted">(${p.ageDays} day${p.ageDays === 1 ? '' : 's'})</span></li>`);
    out.push(
      `<section class="tl-stale" role="note"><h2>Stale prices</h2><p>${prices.length === 1 ? 'This price is' : 'These prices are'} older than ${staleDays} day${staleDays === 1 ? '' : 's'}: ` +
        `check the quote before placing the trade.</p><ul>${named.join('')}</ul></section>`,
    );
  }

  const idle: string[] = [];
  for (const id of accountIds) {
    const trades = plan.trades.filter((t) => t.account === id);
    if (trades.length === 0) {
      idle.push(id);
      continue;
    }
    const buys = sumOf(trades, 'buy');
    const sells = sumOf(trades, 'sell');
    const acc = plan.accounts?.find((a) => a.account === id);
    out.push('<section class="tl-account">');
    out.push(`<h2>${accountLine(id)}</h2>`);
    out.push(`<table class="tl-trades">${HEAD}<tbody>`);
    for (const t of trades) out.push(row(t, view.names?.[t.symbol] ?? '', cur));
    out.push('</tbody><tfoot>');
    out.push(`<tr><th scope="row" colspan="5">Sells (${trades.filter((t) => t.side === 'sell').length})</th><td class="tl-num">${money(sells)}</td><td colspan="3"></td></tr>`);
    out.push(`<tr><th scope="row" colspan="5">Buys (${trades.filter((t) => t.side === 'buy').length})</th><td class="tl-num">${money(buys)}</td><td colspan="3"></td></tr>`);
    const net = sells.minus(buys);
    out.push(
      `<tr class="tl-net"><th scope="row" colspan="5">Net cash from trades</th><td class="tl-num">${net.isNegative() ? '' : '+'}${money(net)}</td>` +
        `<td colspan="3" class="tl-cash">${acc ? `Cash ${money(acc.cashBefore)} → ${money(acc.cashAfter)}` : ''}</td></tr>`,
    );
    out.push('</tfoot></table>');
    out.push('</section>');
  }
  if (plan.trades.length === 0) out.push('<p class="tl-none">No trades: the portfolio is as close to its targets as this plan can bring it.</p>');
  else if (idle.length > 0) out.push(`<p class="tl-idle">No trades in ${idle.map((id) => escapeHtml(account(id).name)).join(', ')}.</p>`);

  if (plan.sleeves && plan.sleeves.length > 0) {
    out.push('<section class="tl-allocation"><h2>Allocation before and after</h2>');
    out.push(
      '<table class="tl-sleeves"><thead><tr><th scope="col">Sleeve</th><th class="tl-num" scope="col">Target</th><th class="tl-num" scope="col">Before</th>' +
        '<th class="tl-num" scope="col">After</th><th class="tl-num" scope="col">Value before</th><th class="tl-num" scope="col">Value after</th></tr></thead><tbody>',
    );
    for (const s of plan.sleeves) {
      out.push(
        `<tr><th scope="row">${escapeHtml(s.sleeve)}</th><td class="tl-num">${escapeHtml(formatPct(s.target))}</td><td class="tl-num">${escapeHtml(formatPct(s.before))}</td>` +
          `<td class="tl-num tl-after">${escapeHtml(formatPct(s.after))}</td><td class="tl-num">${money(s.beforeValue)}</td><td class="tl-num">${money(s.afterValue)}</td></tr>`,
      );
    }
    const totalBefore = plan.sleeves.reduce((s, x) => s.plus(x.beforeValue), dec(0));
    const totalAfter = plan.sleeves.reduce((s, x) => s.plus(x.afterValue), dec(0));
    out.push(`</tbody><tfoot><tr><th scope="row" colspan="4">Total</th><td class="tl-num">${money(totalBefore)}</td><td class="tl-num">${money(totalAfter)}</td></tr></tfoot></table>`);
    out.push('</section>');
  }

  if (plan.tax && (!dec(plan.tax.shortTerm).isZero() || !dec(plan.tax.longTerm).isZero() || plan.tax.washSales > 0)) {
    out.push(
      `<p class="tl-tax"><span class="tl-label">Estimated realised gains (taxable accounts)</span> short-term ${money(plan.tax.shortTerm)} · long-term ${money(plan.tax.longTerm)}` +
        `${plan.tax.washSales > 0 ? ` · ${plan.tax.washSales} possible wash sale${plan.tax.washSales === 1 ? '' : 's'}` : ''}</p>`,
    );
  }

  if (view.warnings.length > 0) {
    out.push(`<section class="tl-notes-list"><h2>Notes</h2><ul>${view.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>`);
  }
  out.push(`<footer class="tl-footer"><p class="tl-notice">${escapeHtml(NOT_ADVICE)}</p></footer>`);
  out.push('</article>');
  return out.join('\n');
}
