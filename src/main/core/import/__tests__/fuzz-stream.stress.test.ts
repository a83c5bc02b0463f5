// Fuzzing (mutated fixtures never crash with anything but an ImportError, and never half-return), chunk-size
// independence of the streaming reader, and a large history streamed with bounded memory.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../errors.ts';
import { parseBrokerFile } from '../parse.ts';
import { headerSignature, parseWithColumnMap } from '../parse-mapped.ts';
import { OWN, SHARED, d } from './helpers.ts';

function listFixtures(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => fs.readdirSync(path.join(dir, e.name)).map((f) => path.join(dir, e.name, f)));
}
const FIXTURES = [...listFixtures(OWN), ...listFixtures(SHARED)].map((p) => ({ name: path.basename(p), bytes: fs.readFileSync(p) }));

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'deleteLine' | 'duplicateLine'; at: number }
  | { kind: 'quote'; at: number };

function mutate(bytes: Buffer, m: Mutation): Buffer {
  // Buffers from readFileSync are plain; keep the type simple for reduce.
  const at = Math.floor(m.at * bytes.length);
  switch (m.kind) {
    case 'flip': {
      const b = Buffer.from(bytes);
      if (b.length) b[Math.min(at, b.length - 1)] = m.byte;
      return b;
    }
    case 'truncate':
      return bytes.subarray(0, at);
    case 'quote':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from('"'), bytes.subarray(at)]);
    default: {
      const lines = bytes.toString('latin1').split('\n');
      const i = Math.floor(m.at * lines.length);
      if (m.kind === 'deleteLine') lines.splice(i, 1);
      else lines.splice(i, 0, lines[i] ?? '');
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('quote' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const n = sizes[k++ % sizes.length]!;
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

describe('fuzz: mutated fixtures', () => {
  it('either parse fully or throw an ImportError with a position', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: FIXTURES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (i, ms) => {
        const f = FIXTURES[i]!;
        const bytes = ms.reduce<Buffer>((b, m) => mutate(b, m), f.bytes);
        const streamed: unknown[] = [];
        let result;
        try {
          result = await parseBrokerFile(f.name, bytes);
          await parseBrokerFile(f.name, bytes, { onTransaction: (t) => streamed.push(t) });
        } catch (e) {
          if (!(e instanceof ImportError)) throw e;
          expect(e.details.line).toBeGreaterThanOrEqual(1);
          expect(e.details.column).toBeGreaterThanOrEqual(1);
          expect(e.message).toContain(`${f.name}: line ${e.details.line}, column ${e.details.column}`);
          return;
        }
        // Success is whole: every account is finished and every row has its line.
        expect(result.transactions.length).toBe(streamed.length);
        for (const a of result.accounts) expect(a.total.isFinite()).toBe(true);
        for (const t of result.transactions) expect(t.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });
});

describe('streaming', () => {
  it('gives the same result whatever the chunk boundaries (CRLF, BOM, multi-byte UTF-8 split across chunks)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: FIXTURES.length - 1 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), async (i, sizes) => {
        const f = FIXTURES[i]!;
        const whole = await parseBrokerFile(f.name, f.bytes).catch((e: unknown) => e);
        const parts = await parseBrokerFile(f.name, chunked(f.bytes, sizes)).catch((e: unknown) => e);
        if (whole instanceof Error) {
          expect((parts as ImportError).details).toEqual((whole as ImportError).details);
        } else {
          expect(JSON.stringify(parts)).toBe(JSON.stringify(whole));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('streams a 1M-row history with bounded memory', async () => {
    const ROWS = 1_000_000;
    async function* generate(): AsyncGenerator<string> {
      yield '"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"\n';
      let buf = '';
      for (let i = 0; i < ROWS; i++) {
        buf += `"01/${String((i % 28) + 1).padStart(2, '0')}/2026","Buy","IWM","ISHARES RUSSELL 2000 ETF","${(i % 9) + 1}","$218.45","","-$${((i % 9) + 1) * 218.45}"\n`;
        if (buf.length > 1 << 16) {
          yield buf;
          buf = '';
        }
      }
      yield buf;
    }
    let count = 0;
    let last = 0;
    let peak = 0;
    const r = await parseBrokerFile('big.csv', generate(), {
      onTransaction: (t) => {
        count++;
        last = t.line;
        if ((count & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    expect(count).toBe(ROWS);
    expect(last).toBe(ROWS + 1);
    expect(r.transactions).toEqual([]);
    expect(peak).toBeLessThan(300 * 1024 * 1024);
  }, 120_000);
});

describe('column map for any other CSV', () => {
  const csv = 'My Broker export\n\nAcct,Ticker,Units,Last,Worth,Paid\nJoint,IWM,3,200.5,601.50,550\nJoint,CASH,,,98.50,\nTOTAL,,,,700.00,\n';
  const map = { account: 'Acct', symbol: 'Ticker', quantity: 'Units', price: 'Last', value: 'Worth', cost: 'Paid' };

  it('parses positions with the mapping and reconciles to a TOTAL row', async () => {
    const r = await parseWithColumnMap('mine.csv', csv, map);
    const a = r.accounts[0]!;
    expect([a.name, d(a.cash), d(a.total), d(a.fileTotal), a.reconciled]).toEqual(['Joint', '98.5', '700', '700', true]);
    expect([a.positions[0]!.symbol, d(a.positions[0]!.quantity), d(a.positions[0]!.costBasis), a.positions[0]!.line]).toEqual(['IWM', '3', '550', 4]);
    expect(r.layout).toBe(`custom-${headerSignature(['Acct', 'Ticker', 'Units', 'Last', 'Worth', 'Paid'])}`);
  });

  it('keys the mapping by a header signature that ignores case, padding and trailing empty cells', () => {
    expect(headerSignature([' acct', 'TICKER ', 'Units', 'Last', 'Worth', 'Paid', '', ''])).toBe(headerSignature(['Acct', 'Ticker', 'Units', 'Last', 'Worth', 'Paid']));
    expect(headerSignature(['Ticker', 'Acct'])).not.toBe(headerSignature(['Acct', 'Ticker']));
  });

  it('refuses a file without the mapped columns', async () => {
    const e = await parseWithColumnMap('other.csv', 'a,b\n1,2\n', map).catch((x: unknown) => x);
    expect((e as ImportError).details.reason).toBe('UNKNOWN_LAYOUT');
  });
});
