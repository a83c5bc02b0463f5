// `keel plan … --html FILE` and `--pdf FILE`: the recorded plan's trade list as a standalone page and as a PDF
// printed by the machine's Chromium (skipped, saying why, when there is none); the PDF's text read with pdfjs-dist.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanResultView } from '../../shared/contract.ts';
import { pdfText } from '../../../tests/support/pdf-text.ts';
import { tempDir } from '../../../tests/support/tmp.ts';
import { formatDecimal, NOT_ADVICE } from '../core/report/tradeListHtml.ts';
import { browserCandidates, findBrowser, NoBrowserError } from './pdf.ts';
import { runCli as run } from '../../../tests/support/run-cli.ts';

function browser(): string | null {
  try {
    return findBrowser(process.env);
  } catch {
    return null;
  }
}

describe('keel plan --html', () => {
  it('writes a standalone page with the CSS inlined, every trade, and no script', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'trades.html');
    const r = await run(['--data-dir', path.join(dir, 'data'), 'plan', '--mode', 'invest', '--cash', '...4821=10000', '--json', '--html', file]);
    expect(r.code, r.err).toBe(0);
    const plan = JSON.parse(r.out) as PlanResultView;
    expect(plan.trades.length).toBeGreaterThan(0);
    expect(r.err).toContain(`Trade list written to ${file}`);
    const html = fs.readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(style).toContain('@page');
    expect(style).toContain('.trade-list {');
    expect(html).toContain('<article class="trade-list">');
    expect(html).not.toMatch(/<script/i);
    for (const t of plan.trades) {
      expect(html).toContain(`<td class="tl-symbol">${t.symbol}</td>`);
      expect(html).toContain(`<td class="tl-num tl-shares">${formatDecimal(t.quantity)}</td>`);
    }
    expect(html).toContain(NOT_ADVICE);
  });

  it('text output names the recorded plan', async () => {
    const dir = tempDir();
    const r = await run(['--data-dir', dir, 'plan', '--mode', 'invest', '--cash', '1=500']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Saved as plan #1 /);
  });
});

describe('keel plan --pdf', () => {
  it('exits 3 with a clear message when no Chromium or Chrome can be found', async () => {
    const dir = tempDir();
    const pdf = path.join(dir, 'x.pdf');
    const r = await run(['--data-dir', dir, 'plan', '--mode', 'invest', '--cash', '1=500', '--pdf', pdf], { KEEL_CHROMIUM: path.join(dir, 'no-such-browser') });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/cannot write .*x\.pdf: no Chromium or Chrome found .*KEEL_CHROMIUM/);
    expect(fs.existsSync(pdf)).toBe(false);
    expect(() => findBrowser({}, () => false)).toThrow(NoBrowserError);
    expect(browserCandidates({}, 'linux')).toContain('/usr/bin/chromium');
  });

  const skip = !browser() ? 'no Chromium/Chrome on this machine (set KEEL_CHROMIUM)' : null;
  it('prints a real PDF whose text holds every trade’s symbol and share count', async (ctx) => {
    if (skip) ctx.skip(skip);
    const dir = tempDir();
    const pdf = path.join(dir, 'trades.pdf');
    const r = await run(['--data-dir', path.join(dir, 'data'), 'plan', '--mode', 'full', '--json', '--pdf', pdf], process.env);
    expect(r.code, r.err).toBe(0);
    const plan = JSON.parse(r.out) as PlanResultView;
    expect(plan.trades.length).toBeGreaterThan(5);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('Trade list');
    expect(text.replace(/\s+/g, ' ')).toContain(NOT_ADVICE);
    const lines = text.split('\n');
    for (const t of plan.trades) {
      // The symbol and the share count on one line (the trade's row).
      const hit = lines.some((l) => new RegExp(`\\b${t.symbol.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b.*\\b${formatDecimal(t.quantity).replace(/[.,]/g, '\\$&')}\\b`).test(l));
      expect(hit, `${t.side} ${t.quantity} ${t.symbol}`).toBe(true);
    }
  }, 120_000);
});

describe('keel plans', () => {
  it('lists, keeps, shows (text, CSV), marks executed, checks, re-runs and deletes', async () => {
    const dir = tempDir();
    const k = (...args: string[]) => run(['--data-dir', dir, ...args]);
    expect((await k('plans')).out).toBe('No plans yet: keel plan --mode … makes one.');
    expect((await k('plan', '--mode', 'invest', '--cash', '1=10000')).code).toBe(0);
    const list = await k('plans');
    expect(list.out).toMatch(/^#1 +\d{4}-\d{2}-\d{2} \d{2}:\d{2} +draft +2026 Rotation · invest · \d+ trades? \(buys \$[\d,]+\.\d{2}, sells \$0\.00\) · drift /);
    expect((await k('plans', 'save', '1', 'Year', 'end')).out).toBe('Kept plan #1 as "Year end".');
    const csv = await k('plans', 'show', '1', '--csv');
    expect(csv.out.split('\r\n')[0]).toBe('account,symbol,side,quantity,price,amount,why');
    const shown = JSON.parse((await k('plans', 'show', '1', '--json')).out) as { status: string; name: string; view: { plan: PlanResultView } };
    expect(shown).toMatchObject({ status: 'saved', name: 'Year end' });
    expect(csv.out.split('\r\n')).toHaveLength(shown.view.plan.trades.length + 1);
    expect((await k('plans', 'check', '1')).out).toMatch(/is not marked executed/);
    expect((await k('plans', 'executed', '1')).out).toMatch(/^Plan #1 marked executed /);
    expect((await k('plans', 'check', '1')).out).toMatch(/No positions import since the plan was executed/);
    const rerun = await k('plans', 'rerun', '1');
    expect(rerun.out).toMatch(/^Re-ran plan #1 from its stored input as plan #2: the same trades\./);
    expect((await k('plans', 'delete', '2')).out).toBe('Deleted plan #2.');
    expect((await k('plans', 'show', '2')).code).toBe(1);
    expect((await k('plans', 'show', 'x')).code).toBe(2);
    expect((await k('plans', 'bogus')).code).toBe(2);
  });
});
