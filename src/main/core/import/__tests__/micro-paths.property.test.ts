// The micro-unit fast paths give exactly what the Decimal paths give: fastMicro against the careful parser and
// toMicroRounded, signMicro against signQuantity, the Schwab history's streamed rows (and its total check)
// against the rows toHistoryRow makes of the Decimal transactions, and the packed bytes the parse worker sends
// against the rows themselves — on random inputs in every broker style, on junk, and on real fixtures.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, toMicroRounded } from '../../money.ts';
import { classify, signMicro, signQuantity } from '../classify.ts';
import { PackBuilder, toHistoryRow, unpackRows, type HistoryRow, type StreamedTx } from '../history.ts';
import { fastMicro, fastPointBody, parseNumberCareful } from '../numbers.ts';
import { parseBrokerFile } from '../parse.ts';
import type { TxType } from '../types.ts';
import { OWN, SHARED } from './helpers.ts';
import { POINT_STYLES, body, group, numberParts, type NumberParts } from './number-styles.ts';


const parts = numberParts;
const STYLES: Array<[string, (p: NumberParts) => string]> = [
  ...POINT_STYLES,
  ['DEGIRO 1.234,56', (p) => `${p.negative ? '-' : ''}${group(String(p.int), '.')},${p.frac || '0'}`],
];

/** fastMicro answers only with the careful path's exact micro-units, canonically; declines only where allowed. */
function expectFastMicro(raw: string): void {
  const fast = fastMicro(raw);
  let careful: { micro: bigint; exact: boolean } | null | 'error';
  try {
    const d = parseNumberCareful(raw);
    careful = d === null ? null : toMicroRounded(d);
  } catch {
    careful = 'error';
  }
  if (fast !== null) {
    expect(careful, raw).not.toBe('error');
    expect(careful, raw).not.toBeNull();
    const c = careful as { micro: bigint; exact: boolean };
    expect(c.exact, raw).toBe(true);
    expect(BigInt(fast), raw).toBe(c.micro);
    expect(BigInt(fast).toString(), raw).toBe(fast); // canonical: no leading zeros, no -0
    return;
  }
  // Declining is fine off the fast shapes, for rounded values and for huge integer parts — nowhere else.
  const shape = fastPointBody(raw);
  if (shape === null || careful === null || careful === 'error' || !careful.exact) return;
  const intDigits = shape.replace(/^-/, '').split('.')[0]!.replace(/^0+/, '').length;
  expect(intDigits, raw).toBeGreaterThan(21);
}

describe('fastMicro = toMicroRounded(parseNumberCareful) where it answers', () => {
  for (const [name, fmt] of STYLES) {
    it(name, () => {
      fc.assert(fc.property(parts, (p) => expectFastMicro(fmt(p))), { numRuns: 600 });
    });
  }

  it('on junk made of number characters and on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.,-+$()% E'), minLength: 0, maxLength: 14 }), (s) => expectFastMicro(s)),
      { numRuns: 4000 },
    );
    fc.assert(fc.property(fc.string({ minLength: 0, maxLength: 12 }), (s) => expectFastMicro(s)), { numRuns: 1000 });
  });

  it('refuses absurd magnitudes quickly instead of building 100-million-digit numbers', () => {
    // A regression here took minutes (a 100-million-digit number); the test's own timeout catches that, no clock needed.
    for (const raw of ['1E99999999', '-1E99999999', '9.9E21', '1000000000000000000000', '1,000,000,000,000,000,000,000']) {
      expect(() => parseNumberCareful(raw), raw).toThrow(/number too large/);
      expect(fastMicro(raw), raw).toBeNull();
    }
    expect(String(parseNumberCareful('999999999999999999999'))).toBe('999999999999999999999');
    expect(String(parseNumberCareful('-2.637591265E-4'))).toBe('-0.0002637591265');
  });

  it('known values', () => {
    const cases: Array<[string, string | null]> = [
      ['-$1,617.25', '-1617250000'],
      ['$0.10', '100000'],
      ['-$0.00', '0'],
      ['-0.5', '-500000'],
      ['.000001', '1'],
      ['5.0000000', '5000000'],
      ['007', '7000000'],
      ['0.0000001', null],
      ['1,23', null],
      ['(1.00)', null],
    ];
    for (const [raw, want] of cases) expect(fastMicro(raw), raw).toBe(want);
  });
});

describe('signMicro = signQuantity', () => {
  it('on random quantities and every type', () => {
    const types: TxType[] = ['buy', 'sell', 'reinvest', 'dividend', 'split', 'other', 'transfer'];
    fc.assert(
      fc.property(parts, fc.constantFrom(...types), (p, type) => {
        const raw = `${p.negative ? '-' : ''}${body(p, '')}`;
        const micro = fastMicro(raw);
        if (micro === null) return;
        const viaDecimal = toHistoryRow(tx({ quantity: signQuantity(type, dec(fastPointBody(raw)!)) })).quantity;
        expect(BigInt(signMicro(type, micro)), raw).toBe(viaDecimal);
      }),
      { numRuns: 2000 },
    );
  });
});

function tx(over: Partial<StreamedTx>): StreamedTx {
  return {
    account: 'XXX178',
    date: '2026-01-02',
    settleDate: null,
    type: 'buy',
    rawAction: 'Buy',
    symbol: 'QQQ',
    description: 'QQQ FUND',
    quantity: null,
    price: null,
    amount: null,
    fees: null,
    currency: 'USD',
    line: 2,
    ...over,
  };
}

/** History rows of a file three ways: the Decimal transactions, and streamed with and without the fast path. */
async function threeWays(name: string, bytes: Uint8Array | string) {
  const outcome = async (f: () => Promise<unknown>) => {
    try {
      return { ok: true as const, value: await f() };
    } catch (e) {
      return { ok: false as const, error: String(e) };
    }
  };
  const whole = await outcome(async () => {
    const r = await parseBrokerFile(name, bytes);
    return { rows: r.transactions.map(toHistoryRow), warnings: r.warnings };
  });
  const fast = await outcome(async () => {
    const rows: HistoryRow[] = [];
    const r = await parseBrokerFile(name, bytes, { onStreamed: (t) => rows.push(toHistoryRow(t)) });
    return { rows, warnings: r.warnings };
  });
  const plain = await outcome(async () => {
    const rows: HistoryRow[] = [];
    const r = await parseBrokerFile(name, bytes, { onTransaction: (t) => rows.push(toHistoryRow(t)) });
    return { rows, warnings: r.warnings };
  });
  return { whole, fast, plain };
}

const AMOUNT_STYLES = STYLES.filter(([n]) => !n.startsWith('DEGIRO')).map(([, f]) => f);

describe('Schwab history streamed with micro-units = its Decimal transactions', () => {
  it('on random files: every amount style, careful values mid-file, right and wrong totals, bad cells', async () => {
    const cellOf = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: AMOUNT_STYLES.length - 1 }), parts).map(([s, p]) => AMOUNT_STYLES[s]!(p)) },
      { weight: 2, arbitrary: fc.constantFrom('', '--', '$1,617.25', '-$0.00', '0.12345678', 'abc') },
    );
    const row = fc.record({
      action: fc.constantFrom('Buy', 'Sell', 'Reinvest Shares', 'Qualified Dividend', 'Stock Split', 'Journal'),
      qty: cellOf,
      price: cellOf,
      fees: fc.constantFrom('', '$0.65', '$1,000.001'),
      amount: cellOf,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), fc.constantFrom('sum', 'wrong', 'none'), async (rows, totalKind) => {
        const lines = ['"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"'];
        rows.forEach((r, i) => lines.push(`"01/0${(i % 9) + 1}/2026","${r.action}","QQQ","ROW ${i}","${r.qty}","${r.price}","${r.fees}","${r.amount}"`));
        let total = dec(0);
        for (const r of rows) {
          try {
            const v = parseNumberCareful(r.amount);
            if (v) total = total.plus(v);
          } catch {
            // the file fails on that row anyway
          }
        }
        if (totalKind !== 'none') lines.push(`"Transactions Total","","","","","","","${totalKind === 'sum' ? total.toFixed() : total.plus(1).toFixed()}"`);
        const { whole, fast, plain } = await threeWays('Individual_XXX178_Transactions_20260102.csv', lines.join('\n'));
        expect(fast).toEqual(whole);
        expect(plain).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('on the real Schwab history fixtures', async () => {
    const files: string[] = [];
    for (const dir of [OWN, SHARED]) {
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
        if (/schwab/i.test(f) && /transactions/i.test(f) && f.endsWith('.csv')) files.push(path.join(dir, f));
      }
    }
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const { whole, fast } = await threeWays(path.basename(f), fs.readFileSync(f));
      expect(fast, f).toEqual(whole);
    }
  });
});

describe('PackBuilder bytes = the rows', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: fc.constantFrom('a', 'é', '€', '\u{1F600}', '\uD800', '\uDC00', '\u0001', '\u0002', ',', '"'), maxLength: 6 }),
  );
  const num = fc.oneof(
    fc.constant(null),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((b) => b.toString()),
    fc.tuple(parts, fc.boolean()).map(([p, neg]) => dec(`${neg ? '-' : ''}${p.int}.${p.frac || '0'}`)),
  );
  it('round-trips every row it takes, and refuses exactly the ones UTF-8 or the separators cannot carry', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ account: text, description: text, symbol: fc.option(text), settle: fc.option(text), line: fc.nat(), q: num, p: num, a: num, f: num }), { maxLength: 20 }),
        (rs) => {
          const b = new PackBuilder(16); // tiny, so it grows
          const want: HistoryRow[] = [];
          for (const r of rs) {
            const t = tx({ account: r.account, description: r.description, symbol: r.symbol, settleDate: r.settle, line: r.line, quantity: r.q, price: r.p, amount: r.a, fees: r.f, type: classify(r.description) });
            const bad = [r.account, r.description, r.symbol, r.settle].some((s) => s !== null && (s.includes('\u0001') || s.includes('\u0002') || !isWellFormed(s)));
            expect(b.add(t)).toBe(!bad);
            if (!bad) want.push(toHistoryRow(t));
          }
          expect(b.count).toBe(want.length);
          const got: HistoryRow[] = [];
          unpackRows(b.take(), (row) => got.push(row));
          expect(got).toEqual(want);
          expect(b.count).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

function isWellFormed(s: string): boolean {
  return Buffer.from(s, 'utf8').toString('utf8') === s;
}
