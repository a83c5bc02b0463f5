// The trade-list document: every trade and total present, all text escaped, numbers exact (the CSV export: shared/csv.test.ts).
import { describe, expect, it } from 'vitest';
import type { HouseholdPlanView } from '../../../shared/contract.ts';
import { tradeView } from '../../../../tests/support/trades.ts';
import { escapeHtml, formatDecimal, formatPct, NOT_ADVICE, renderTradeList, tradeListTitle } from './tradeListHtml.ts';

const EVIL_NAME = '<script>alert("x")</script>';
const EVIL_FORMULA = "=cmd|' /C calc'!A0";

const t = tradeView;

const view: HouseholdPlanView = {
  plan: {
    trades: [
      t('1', 'sell', 'AAPL', '90', '241.3', '21717.00', {
        lots: [{ acquired: '2021-03-04', quantity: '90', costPerShare: '120.5' }],
        gain: { short: '0.00', long: '10872.00' },
      }),
      t('1', 'sell', 'R&D', '12500', '1', '12500.00', { flags: ['short-term-gain'] }),
      t('1', 'buy', 'VTV', '66', '186.4', '12302.40'),
      t('1', 'buy', 'BRK.B', '0.125', '1234.5678', '154.32'),
      t('3', 'buy', 'IWM', '90', '248.12', '22330.80'),
    ],
    drift: { before: '0.234812', after: '0.000512' },
    objective: '0',
    optimal: true,
    gap: '0',
    leftoverCash: { '1': '2.27', '3': '23.70' },
    warnings: ['AAPL in 1: a note & a <b>tag</b>'],
    sleeves: [
      { sleeve: 'Small-cap', target: '0.3', before: '0.126812', after: '0.299712', beforeValue: '39699.20', afterValue: '93885.00' },
      { sleeve: EVIL_NAME, target: '0', before: '0.05', after: '0', beforeValue: '12500.00', afterValue: '0.00' },
    ],
    accounts: [{ account: '1', valueBefore: '1', valueAfter: '1', cashBefore: '2340.55', cashAfter: '24100.83', bought: '12456.72', sold: '34217.00' }],
  },
  warnings: ['AAPL in 1: a note & a <b>tag</b>'],
  accounts: [
    { id: '1', name: EVIL_FORMULA, numberMasked: '...4821', taxTreatment: 'taxable' },
    { id: '2', name: 'Idle IRA', numberMasked: '...7703', taxTreatment: 'tax-deferred' },
    { id: '3', name: 'Roth "IRA"', numberMasked: '...3319', taxTreatment: 'tax-free' },
  ],
  model: '2026 Rotation',
  mode: 'full',
  pricesAsOf: '2026-11-27',
  names: { AAPL: 'Apple Inc', 'R&D': EVIL_NAME, VTV: 'Vanguard Value ETF' },
  planId: 7,
};

const html = renderTradeList(view, { createdAt: '2026-11-29T10:00:00.000Z', currency: 'USD', planId: 7, planName: null });

/** The document's visible text, roughly as a PDF viewer would extract it. */
const text = (h: string): string =>
  h
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('formatting from decimal strings', () => {
  it('groups and rounds half-even without floats', () => {
    expect(formatDecimal('12345678901234567.895', 2)).toBe('12,345,678,901,234,567.90');
    expect(formatDecimal('0.125', 2)).toBe('0.12');
    expect(formatDecimal('-1234567.5', 2)).toBe('−1,234,567.50');
    expect(formatDecimal('-0.004', 2)).toBe('0.00');
    expect(formatDecimal('12500')).toBe('12,500');
    expect(formatDecimal('0.125')).toBe('0.125');
    expect(formatPct('0.234812')).toBe('23.48%');
    expect(formatPct('0.3')).toBe('30.00%');
  });

  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('renderTradeList', () => {
  it('has one root .trade-list, the header, and the not-advice line', () => {
    expect(html.startsWith('<article class="trade-list">')).toBe(true);
    expect(html.match(/class="trade-list"/g)).toHaveLength(1);
    const s = text(html);
    for (const needle of ['Trade list', '2026-11-29', '2026 Rotation', 'Full rebalance', 'Prices as of 2026-11-27', '23.48% → 0.05%', '#7', NOT_ADVICE]) {
      expect(s).toContain(needle);
    }
    expect(tradeListTitle(view, { createdAt: '2026-11-29T10:00:00.000Z', currency: 'USD' })).toBe('Keel trade list — 2026-11-29 — 2026 Rotation');
  });

  it('lists every trade with side, symbol, name, shares, price and amount, in its account section', () => {
    const sections = html.split('<section class="tl-account">').slice(1);
    expect(sections).toHaveLength(2); // account 2 has no trades
    const s1 = text(sections[0]!);
    const s3 = text(sections[1]!);
    expect(s1).toContain('=cmd');
    expect(s3).toContain('Roth "IRA"');
    const row = (sym: string, sec: string) => {
      const m = sec.split('<tr class="tl-row').find((r) => /class="tl-symbol[^"]*">/.test(r) && r.includes(`">${escapeHtml(sym)}</td>`));
      expect(m, sym).toBeDefined();
      return text(m!);
    };
    expect(row('AAPL', sections[0]!)).toMatch(/Sell AAPL Apple Inc 90 \$241\.30 \$21,717\.00 Lots 2021-03-04: 90 @ \$120\.50 Est\. gain long-term \$10,872\.00/);
    expect(row('R&D', sections[0]!)).toContain('Sell R&D <script>alert("x")</script> 12,500 $1.00 $12,500.00 Short-term gain');
    expect(row('VTV', sections[0]!)).toContain('Buy VTV Vanguard Value ETF 66 $186.40 $12,302.40');
    expect(row('BRK.B', sections[0]!)).toContain('Buy BRK.B 0.125 $1,234.5678 $154.32');
    expect(row('IWM', sections[1]!)).toContain('Buy IWM 90 $248.12 $22,330.80');
    // Each row has a blank limit-price cell and a done box.
    expect(html.match(/<td class="tl-limit"><span class="tl-write"><\/span><\/td>/g)).toHaveLength(5);
    expect(html.match(/class="tl-box"/g)).toHaveLength(5);
  });

  it('totals each account exactly', () => {
    const [s1, s3] = html.split('<section class="tl-account">').slice(1).map(text);
    // Account 1: sells 21717.00 + 12500.00 = 34217.00; buys 12302.40 + 154.32 = 12456.72; net +21760.28.
    expect(s1).toContain('Sells (2) $34,217.00');
    expect(s1).toContain('Buys (2) $12,456.72');
    expect(s1).toContain('Net cash from trades +$21,760.28');
    expect(s1).toContain('Cash $2,340.55 → $24,100.83');
    expect(s3).toContain('Sells (0) $0.00');
    expect(s3).toContain('Buys (1) $22,330.80');
    expect(s3).toContain('Net cash from trades −$22,330.80');
    expect(text(html)).toContain('No trades in Idle IRA.');
  });

  it('shows the before/after allocation table', () => {
    const s = text(html.slice(html.indexOf('tl-allocation')));
    expect(s).toContain('Small-cap 30.00% 12.68% 29.97% $39,699.20 $93,885.00');
    expect(s).toContain('Total $52,199.20 $93,885.00');
  });

  it('escapes every piece of text: no markup from names, symbols, accounts, sleeves or warnings gets through', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('R&amp;D');
    expect(html).toContain('=cmd|&#39; /C calc&#39;!A0');
    expect(html).toContain('Roth &quot;IRA&quot;');
    // The only tags are the document's own.
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['article', 'col', 'colgroup', 'dd', 'div', 'dl', 'dt', 'footer', 'h1', 'h2', 'header', 'li', 'p', 'section', 'span', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul']);
  });

  it('says so when there are no trades', () => {
    const none = renderTradeList({ ...view, plan: { ...view.plan, trades: [] } }, { createdAt: '2026-11-29', currency: 'USD' });
    expect(text(none)).toContain('No trades');
    expect(none).not.toContain('<section class="tl-account">');
  });
});

describe('the stale-prices note', () => {
  it('names every price older than the setting with its date, under the header', () => {
    const stale = { staleDays: 5, prices: [{ symbol: 'QQQ', asOf: '2026-11-02', ageDays: 27 }, { symbol: 'R&D', asOf: '2026-11-20', ageDays: 9 }] };
    const h = renderTradeList(view, { createdAt: '2026-11-29T10:00:00.000Z', currency: 'USD', stale });
    expect(text(h)).toContain('Stale prices These prices are older than 5 days: check the quote before placing the trade. QQQ 2026-11-02 (27 days) R&D 2026-11-20 (9 days)');
    expect(h.indexOf('class="tl-stale"')).toBeGreaterThan(h.indexOf('</header>'));
    expect(h.indexOf('class="tl-stale"')).toBeLessThan(h.indexOf('class="tl-account"'));
    const one = renderTradeList(view, { createdAt: '2026-11-29', currency: 'USD', stale: { staleDays: 1, prices: [stale.prices[0]!] } });
    expect(text(one)).toContain('This price is older than 1 day:');
  });

  it('is absent when no price is stale', () => {
    expect(html).not.toContain('tl-stale');
    expect(renderTradeList(view, { createdAt: '2026-11-29', currency: 'USD', stale: { staleDays: 5, prices: [] } })).not.toContain('tl-stale');
  });
});
