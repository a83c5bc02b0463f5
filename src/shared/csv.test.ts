// The plan CSV every door exports (security-reliability §16–17): RFC 4180, formula-safe, numbers exact.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { HouseholdPlanView, PlanTradeView } from './types.ts';
import { csvCell, planCsv, toCents } from './csv.ts';

const EVIL_FORMULA = "=cmd|' /C calc'!A0";

/** Trades from [account, side, symbol, quantity, price, amount] rows; the CSV reads no lots or gains. */
const tradesOf = (rows: [string, 'buy' | 'sell', string, string, string, string][]): PlanTradeView[] =>
  rows.map(([account, side, symbol, quantity, price, amount]) => ({ account, side, symbol, quantity, price, amount, lots: [], gain: { short: '0', long: '0' }, why: `${side} ${symbol}` }));

const view = (trades: PlanTradeView[]): Pick<HouseholdPlanView, 'plan' | 'accounts'> => ({
  plan: { trades, drift: { before: '0.1', after: '0.01' }, objective: '0', optimal: true, gap: '0', leftoverCash: {}, warnings: [] },
  accounts: [
    { id: '1', name: EVIL_FORMULA, numberMasked: '...4821', taxTreatment: 'taxable' },
    { id: '2', name: 'Joint, "main"', taxTreatment: 'taxable' },
    { id: '3', name: 'Roth "IRA"', numberMasked: '...3319', taxTreatment: 'tax-free' },
  ],
});

const trades = tradesOf([
  ['1', 'sell', 'AAPL', '90', '241.3', '21717.00'],
  ['1', 'sell', 'R&D', '12500', '1', '12500.00'],
  ['1', 'buy', 'VTV', '66', '186.4', '12302.40'],
  ['1', 'buy', 'BRK.B', '0.125', '1234.5678', '154.32'],
  ['3', 'buy', 'IWM', '90', '248.12', '22330.80'],
]);

describe('planCsv', () => {
  const csv = planCsv(view(trades));

  it('is RFC 4180 with CRLF line ends and quotes only what needs quoting', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('account,symbol,side,quantity,price,amount,why');
    expect(lines[1]).toBe("'=cmd|' /C calc'!A0 ...4821,AAPL,sell,90,241.3,21717.00,sell AAPL");
    expect(lines[5]).toBe('"Roth ""IRA"" ...3319",IWM,buy,90,248.12,22330.80,buy IWM');
    expect(planCsv(view(tradesOf([['2', 'sell', 'QQQ', '4', '612.40', '2449.6']])))).toBe(
      'account,symbol,side,quantity,price,amount,why\r\n"Joint, ""main""",QQQ,sell,4,612.40,2449.60,sell QQQ\r\n',
    );
  });

  it('rounds amounts to the cent (half-even), keeps quantities and prices exact', () => {
    const rows = planCsv(view(tradesOf([['3', 'buy', 'VTI', '887.1234', '243.891', '216354.614'], ['3', 'sell', 'VXUS', '1', '0.125', '-0.125']]))).split('\r\n');
    expect(rows[1]).toBe('"Roth ""IRA"" ...3319",VTI,buy,887.1234,243.891,216354.61,buy VTI');
    expect(rows[2]).toBe('"Roth ""IRA"" ...3319",VXUS,sell,1,0.125,-0.12,sell VXUS');
    expect(toCents('-0.001')).toBe('0.00');
    expect(toCents('12345678901234567.125')).toBe('12345678901234567.12');
  });

  it('names an account the plan does not list by its id', () => {
    expect(planCsv(view(tradesOf([['9', 'buy', 'XLF', '1', '53.18', '53.18']]))).split('\r\n')[1]).toBe('9,XLF,buy,1,53.18,53.18,buy XLF');
  });

  it('re-imports to the same values (quantities, prices and amounts exactly)', () => {
    const parsed = Papa.parse<string[]>(csv, { newline: '\r\n', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data.slice(1);
    expect(rows).toHaveLength(trades.length);
    rows.forEach((r, i) => {
      const tr = trades[i]!;
      expect(r.slice(1, 6)).toEqual([tr.symbol, tr.side, tr.quantity, tr.price, tr.amount]);
    });
    expect(rows[4]![0]).toBe('Roth "IRA" ...3319');
  });
});

describe('csvCell', () => {
  it('neutralises = + - @ tab CR NUL at the start of text; numbers (negative too) stay numbers', () => {
    expect(csvCell(EVIL_FORMULA)).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+SUM(1)')).toBe("'+SUM(1)");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@A1')).toBe("'@A1");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('\0x')).toBe("'\0x");
    expect(csvCell('-1234.56')).toBe('-1234.56');
    expect(csvCell('-20')).toBe('-20');
  });

  it('quotes a field holding a quote, comma or line break, quotes doubled', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
});
