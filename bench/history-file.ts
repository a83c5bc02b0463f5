// The generated Schwab history the import bench reads: realistic cells (quoted, `$1,234.56`, empty quantity on
// cash rows) and a Transactions Total row. `node --import tsx bench/history-file.ts FILE ROWS` writes one for
// profiling a single run (bench/import-child.ts).
import fs from 'node:fs';

const SYMBOLS = ['IWM', 'QQQ', 'XLI', 'XLF', 'XLB', 'KRE', 'VTV', 'RSP', 'CAT', 'DE', 'NUE', 'FCX', 'LEN', 'AAPL', 'NVDA'];
const ACTIONS = ['Buy', 'Sell', 'Qualified Dividend', 'Reinvest Shares', 'Bank Interest'];

function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** Writes a Schwab transactions export (late-2023 era: the account is in the file name) of `rows` rows plus its total. */
export function generateSchwabHistory(file: string, ROWS: number): void {
  const out = fs.openSync(file, 'w');
  let buf = '"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"\n';
  let total = 0;
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(Date.UTC(2016, 0, 1) + (i % 3650) * 86_400_000);
    const date = `${String(day.getUTCMonth() + 1).padStart(2, '0')}/${String(day.getUTCDate()).padStart(2, '0')}/${day.getUTCFullYear()}`;
    const action = ACTIONS[i % ACTIONS.length] as string;
    const symbol = SYMBOLS[(i * 7) % SYMBOLS.length] as string;
    const qty = 1 + (i % 97);
    const priceCents = 1000 + ((i * 7919) % 50000);
    const amount = action === 'Buy' ? -qty * priceCents : action === 'Sell' ? qty * priceCents : 100 + (i % 5000);
    total += amount;
    const trade = action === 'Buy' || action === 'Sell';
    buf += `"${date}","${action}","${symbol}","${symbol} FUND ROW ${i}","${trade ? qty : ''}","${trade ? money(priceCents) : ''}","","${money(amount)}"\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  buf += `"Transactions Total","","","","","","","${money(total)}"\n`;
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [file, rows] = process.argv.slice(2);
  if (!file) throw new Error('usage: history-file.ts FILE [ROWS]');
  generateSchwabHistory(file, Number(rows ?? 1_000_000));
}
