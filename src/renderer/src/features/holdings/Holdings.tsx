// Holdings: every position in every account in one grid (TanStack Table for sorting and filtering, TanStack
// Virtual so that 10,000 rows scroll smoothly: only the rows in view, plus a few, are in the DOM).
//
// Tax lots: a position with lots (from a lot-details import) expands into one fixed-height row per lot, as
// TanStack sub-rows (GridRow draws them: "Lot acquired <date>" across the text columns, then the numbers); the virtualiser walks table.getRowModel().rows, which includes the expanded lots. Positions
// without lots draw no expander. A lot shows what the core gives (acquired, quantity, cost basis) and nothing
// computed here.
import {
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnFiltersState,
  type ExpandedState,
  type FilterFn,
  type Row,
  type SortingFn,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import type { HouseholdSummary } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { compareDecimal, decimalSign } from '../../decimal';
import { formatDate, formatMoney, formatPercent, formatPrice, formatQuantity, formatSignedMoney, plural } from '../../format';
import { hrefFor } from '../../router';
import { useOperation } from '../../useOperation';
import './holdings.css';

const getSummary = () => api.getHouseholdSummary({});

/** Every row is exactly this tall (holdings.css .table-grid tbody tr), so the virtualiser never measures. */
export const ROW_HEIGHT = 36;

export function Holdings() {
  const summary = useOperation(getSummary);
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Holdings</h1>
        <p className="page-lede">Every position in every account, as of each account’s latest snapshot.</p>
      </header>
      {summary.status === 'loading' && <Loading what="holdings" />}
      {summary.status === 'error' && (
        <ErrorAlert error={summary.error} title="Holdings could not be loaded" onRetry={summary.reload} />
      )}
      {summary.status === 'ok' && <HoldingsView summary={summary.value} />}
    </>
  );
}

interface HoldingRow {
  kind: 'position' | 'lot';
  key: string;
  accountId: number;
  account: string;
  isDemo: boolean;
  currency: string;
  symbol: string;
  name: string;
  quantity: string;
  price: string | null;
  marketValue: string | null;
  weight: string | null;
  costBasis: string | null;
  unrealizedGain: string | null;
  /** For a lot: the date it was acquired. */
  acquired: string | null;
  lots: HoldingRow[];
  /** Lower-cased symbol, name and account, for the text filter (a lot carries its position's). */
  search: string;
}

function toRows(summary: HouseholdSummary): HoldingRow[] {
  return summary.accounts.flatMap((a) =>
    a.positions.map((p, i) => {
      // A symbol can appear twice in one account (Vanguard lists a fund per holding type), so the index keys it.
      const key = `${a.id}:${i}:${p.symbol}`;
      const search = `${p.symbol}\n${p.name}\n${a.name}`.toLowerCase();
      const base = { accountId: a.id, account: a.name, isDemo: a.isDemo, currency: a.currency, symbol: p.symbol, search };
      return {
        ...base,
        kind: 'position' as const,
        key,
        name: p.name,
        quantity: p.quantity,
        price: p.price,
        marketValue: p.marketValue,
        weight: p.weight,
        costBasis: p.costBasis,
        unrealizedGain: p.unrealizedGain,
        acquired: null,
        lots: p.lots.map((l, j) => ({
          ...base,
          kind: 'lot' as const,
          key: `${key}:lot:${j}`,
          name: '',
          quantity: l.quantity,
          price: null,
          marketValue: null,
          weight: null,
          costBasis: l.costBasis,
          unrealizedGain: null,
          acquired: l.acquired,
          lots: [],
        })),
      };
    }),
  );
}

/** Decimal columns sort by exact value (see decimal.ts for why not parseFloat); unknown values go last. */
const byDecimal: SortingFn<HoldingRow> = (a, b, columnId) =>
  compareDecimal(a.getValue<string>(columnId), b.getValue<string>(columnId));

const matchesText: FilterFn<HoldingRow> = (row, _columnId, value: string) => row.original.search.includes(value.trim().toLowerCase());

const inAccount: FilterFn<HoldingRow> = (row, _columnId, value: number | null) => value === null || row.original.accountId === value;

type DecimalKey = 'quantity' | 'price' | 'marketValue' | 'weight' | 'costBasis' | 'unrealizedGain';

/** A decimal column: `format` turns a row's value (never null when called) into its text. */
function decimalColumn(id: DecimalKey, header: string, format: (r: HoldingRow) => string, paint?: (r: HoldingRow, text: string) => ReactNode): ColumnDef<HoldingRow> {
  return {
    id,
    header,
    // undefined (not null) so that sortUndefined puts rows without a value last in both directions.
    accessorFn: (r) => (r[id] === null ? undefined : r[id]),
    sortingFn: byDecimal,
    sortDescFirst: true,
    sortUndefined: 'last',
    enableGlobalFilter: false,
    cell: ({ row }) => {
      const r = row.original;
      if (r[id] === null) return r.kind === 'lot' ? null : <span className="muted">—</span>;
      const text = format(r);
      return paint ? paint(r, text) : text;
    },
    meta: { numeric: true, format: (r) => (r[id] === null ? '' : format(r)) },
  };
}

function paintGain(r: HoldingRow, text: string) {
  const sign = decimalSign(r.unrealizedGain ?? '');
  return <span className={sign > 0 ? 'gain' : sign < 0 ? 'loss' : undefined}>{text}</span>;
}

const COLUMNS: ColumnDef<HoldingRow>[] = [
  {
    id: 'account',
    header: 'Account',
    accessorFn: (r) => r.account,
    sortingFn: 'text',
    filterFn: inAccount,
    cell: ({ row }) => (
      <>
        <span className="account-label">{row.original.account}</span>
        {row.original.isDemo && <span className="visually-hidden"> (demo)</span>}
      </>
    ),
  },
  {
    id: 'symbol',
    header: 'Symbol',
    accessorFn: (r) => r.symbol,
    sortingFn: 'text',
    cell: ({ row, table }) => {
      const r = row.original;
      const withExpanders = (table.options.meta as GridMeta | undefined)?.hasLots;
      if (!row.getCanExpand()) return withExpanders ? <span className="expander-space">{r.symbol}</span> : r.symbol;
      const open = row.getIsExpanded();
      return (
        <>
          <button
            type="button"
            className="expander"
            onClick={row.getToggleExpandedHandler()}
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} ${plural(r.lots.length, 'tax lot')} of ${r.symbol}`}
            data-testid={`expand-${r.symbol}`}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
          {r.symbol}
        </>
      );
    },
  },
  {
    id: 'name',
    header: 'Name',
    accessorFn: (r) => r.name,
    sortingFn: 'text',
    cell: ({ row }) => row.original.name,
  },
  decimalColumn('quantity', 'Quantity', (r) => formatQuantity(r.quantity)),
  decimalColumn('price', 'Price', (r) => formatPrice(r.price ?? '', r.currency)),
  decimalColumn('marketValue', 'Market value', (r) => formatMoney(r.marketValue ?? '', r.currency)),
  decimalColumn('weight', 'Weight', (r) => formatPercent(r.weight ?? '')),
  decimalColumn('costBasis', 'Cost basis', (r) => formatMoney(r.costBasis ?? '', r.currency)),
  decimalColumn('unrealizedGain', 'Unrealised gain', (r) => formatSignedMoney(r.unrealizedGain ?? '', r.currency), paintGain),
];

interface GridMeta {
  hasLots: boolean;
}

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    numeric?: boolean;
    /** The text a numeric cell shows, for sizing the column to its widest value. */
    format?: (row: HoldingRow) => string;
  }
}

function HoldingsView({ summary }: { summary: HouseholdSummary }) {
  const rows = useMemo(() => toRows(summary), [summary]);
  if (rows.length === 0) {
    return (
      <div className="card empty" data-testid="holdings-empty">
        <h2>No positions yet</h2>
        <p>
          {summary.accounts.length === 0 ? 'There are no accounts yet. ' : 'Your accounts hold only cash. '}
          <a href={hrefFor('import')}>Import</a> your broker’s position exports, or see the{' '}
          <a href={hrefFor('dashboard')}>Dashboard</a> to get started.
        </p>
      </div>
    );
  }
  return <HoldingsGrid summary={summary} rows={rows} />;
}

function HoldingsGrid({ summary, rows }: { summary: HouseholdSummary; rows: HoldingRow[] }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [text, setText] = useState('');
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [expanded, setExpanded] = useState<ExpandedState>({});
  const hasLots = useMemo(() => rows.some((r) => r.lots.length > 0), [rows]);
  const widths = useMemo(() => numericWidths(rows), [rows]);
  const accountFilter = (columnFilters.find((f) => f.id === 'account')?.value as number | undefined) ?? null;

  const table = useReactTable({
    data: rows,
    columns: COLUMNS,
    state: { sorting, globalFilter: text, columnFilters, expanded },
    meta: { hasLots } satisfies GridMeta,
    onSortingChange: setSorting,
    onExpandedChange: setExpanded,
    getSubRows: (r) => (r.lots.length > 0 ? r.lots : undefined),
    getRowCanExpand: (row) => row.original.lots.length > 0,
    onGlobalFilterChange: setText,
    onColumnFiltersChange: setColumnFilters,
    globalFilterFn: matchesText,
    getColumnCanGlobalFilter: (column) => column.id === 'symbol',
    getRowId: (r) => r.key,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
  });
  const shown = table.getRowModel().rows;
  const positionsShown = shown.filter((r) => r.original.kind === 'position').length;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const columnCount = COLUMNS.length;

  const setAccount = (value: string) =>
    setColumnFilters((fs) => [...fs.filter((f) => f.id !== 'account'), ...(value === '' ? [] : [{ id: 'account', value: Number(value) }])]);

  return (
    <div className="card card-flush holdings">
      <div className="grid-toolbar">
        <p className="card-note">
          <span className="num">{plural(summary.positionCount, 'position')}</span> in{' '}
          <span className="num">{plural(summary.accounts.length, 'account')}</span>. Weight is a position’s share of its
          account; cash is on the Dashboard (<span className="num">{formatMoney(summary.cash, summary.baseCurrency)}</span>{' '}
          in all).
        </p>
        <div className="grid-filters" role="search" aria-label="Filter holdings">
          <label className="field">
            <span className="field-label">Find</span>
            <input
              type="search"
              className="input"
              placeholder="Symbol, name or account"
              value={text}
              onChange={(e) => table.setGlobalFilter(e.target.value)}
              data-testid="holdings-filter"
            />
          </label>
          <label className="field">
            <span className="field-label">Account</span>
            <select
              className="select"
              value={accountFilter === null ? '' : String(accountFilter)}
              onChange={(e) => setAccount(e.target.value)}
              data-testid="holdings-account-filter"
            >
              <option value="">All accounts</option>
              {summary.accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} {a.numberMasked}
                </option>
              ))}
            </select>
          </label>
          <p className="grid-count muted" aria-live="polite" data-testid="holdings-count">
            {positionsShown === rows.length
              ? plural(rows.length, 'position')
              : `${positionsShown.toLocaleString('en-US')} of ${plural(rows.length, 'position')}`}
          </p>
        </div>
      </div>
      <div className="grid-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label="Positions (scrolls)">
        <table className={`table table-grid${hasLots ? ' has-lots' : ''}`} data-testid="holdings-table" aria-rowcount={shown.length + 1} style={widths}>
          <caption className="visually-hidden">All positions across accounts. Column headers sort.</caption>
          <colgroup>
            {COLUMNS.map((c) => (
              <col key={c.id} className={`col-${c.id}`} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1}>
                {group.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  const numeric = h.column.columnDef.meta?.numeric;
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      className={numeric ? 'num' : undefined}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                    >
                      <button
                        type="button"
                        className={`sort-button${sorted ? ' sorted' : ''}`}
                        onClick={h.column.getToggleSortingHandler()}
                        data-testid={`sort-${h.column.id}`}
                      >
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        <span className="sort-mark" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 && <Spacer height={padTop} columns={columnCount} />}
            {items.map((v) => {
              const row = shown[v.index];
              return row ? <GridRow key={row.id} row={row} index={v.index} /> : null;
            })}
            {padBottom > 0 && <Spacer height={padBottom} columns={columnCount} />}
            {shown.length === 0 && (
              <tr>
                <td colSpan={columnCount} className="grid-none" data-testid="holdings-none">
                  No position matches. <button type="button" className="link-button" onClick={() => { table.setGlobalFilter(''); setColumnFilters([]); }}>Clear the filters</button>
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const TEXT_COLUMNS = new Set(['account', 'symbol', 'name']);

function GridRow({ row, index }: { row: Row<HoldingRow>; index: number }) {
  const r = row.original;
  if (r.kind === 'lot') {
    // A lot has no account, symbol or name of its own: one cell across those three says what it is.
    const label = `Lot acquired ${formatDate(r.acquired)}`;
    return (
      <tr aria-rowindex={index + 2} className="lot-row" data-testid={`lot-${r.symbol}`}>
        <th scope="row" colSpan={3} className="lot-cell" title={`${r.symbol}: ${label}`}>
          <span className="lot-label">{label}</span>
        </th>
        {row
          .getVisibleCells()
          .filter((cell) => !TEXT_COLUMNS.has(cell.column.id))
          .map((cell) => (
            <td key={cell.id} className="num">
              {flexRender(cell.column.columnDef.cell, cell.getContext())}
            </td>
          ))}
      </tr>
    );
  }
  return (
    <tr aria-rowindex={index + 2} data-testid={`holding-${r.symbol}`}>
      {row.getVisibleCells().map((cell) => {
        const id = cell.column.id;
        if (id === 'symbol')
          return (
            <th key={cell.id} scope="row" className="symbol">
              {flexRender(cell.column.columnDef.cell, cell.getContext())}
            </th>
          );
        const className = cell.column.columnDef.meta?.numeric ? 'num' : id === 'name' ? 'name' : id === 'account' ? 'account-cell' : undefined;
        return (
          <td key={cell.id} className={className} title={id === 'account' ? r.account : id === 'name' ? r.name : undefined}>
            {id === 'account' || id === 'name' ? (
              // Up to two lines in narrow windows (holdings.css), so that names stay readable in the fixed row.
              <span className="cell-text">{flexRender(cell.column.columnDef.cell, cell.getContext())}</span>
            ) : (
              flexRender(cell.column.columnDef.cell, cell.getContext())
            )}
          </td>
        );
      })}
    </tr>
  );
}

/**
 * Numeric columns are exactly as wide as their widest value (in `ch`, one digit's width), so the names get the
 * rest of the row. Only the few longest raw strings per column are formatted: the widest text comes from one
 * of them. Returned as CSS custom properties (--w-quantity: 9ch …) that holdings.css turns into column widths;
 * React sets them through the CSSOM (element.style.setProperty), which the CSP allows.
 */
function numericWidths(rows: HoldingRow[]): Record<string, string> {
  const all = rows.flatMap((r) => [r, ...r.lots]);
  const out: Record<string, string> = {};
  for (const c of COLUMNS) {
    const format = c.meta?.format;
    const id = c.id as DecimalKey;
    if (!format) continue;
    const longest = all
      .filter((r) => r[id] !== null)
      .sort((a, b) => (b[id] ?? '').length - (a[id] ?? '').length)
      .slice(0, 8);
    const chars = Math.max(0, ...longest.map((r) => format(r).length));
    out[`--w-${id}`] = `${chars}ch`;
  }
  return out;
}

/**
 * Stands in for the rows scrolled out of view. Its height is set through the CSSOM (React's style prop assigns
 * element.style), which the CSP's style-src allows; no style attribute is ever parsed from markup.
 */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr className="grid-spacer" aria-hidden="true">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}
