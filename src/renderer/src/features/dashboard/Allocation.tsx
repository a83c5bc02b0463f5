// The dashboard's "Current vs target": the active model's sleeves as a bar chart (current and target, with the
// tolerance band behind them), a doughnut of the current mix, the drift table, each account's mix by sleeve, what is
// in no sleeve, and the drift history recorded at each import. Every figure is the core's (AllocationView); the charts turn the core's
// percentage strings into numbers for drawing only, and every text (tooltips included) formats the strings.
import { Chart, type ChartData, type ChartOptions, type TooltipItem } from 'chart.js';
import { Fragment } from 'react';
import type { AllocationHistoryPoint, AllocationView, BandRule, BandStatus, SleeveAllocationView } from '../../../../shared/types';
import { api } from '../../api/client';
import { baseOptions, sleeveColors, useChartTheme, type ChartTheme } from '../../ui/chartTheme';
import { ErrorAlert, Loading } from '../../ui/Status';
import { decimalSign } from '../../decimal';
import { formatDateTime, formatMoney, formatPct, formatPp, formatSignedPct, plural } from '../../format';
import { hrefFor } from '../../router';
import { useOperation } from '../../useOperation';
import { ChartBox, PercentBars, type BarValue } from '../../ui/Charts';
import { num, Table } from '../../ui/Table';
import './allocation.css';

const getAllocation = () => api.getAllocation({});
const getHistory = () => api.getAllocationHistory({});

export const BAND_RULE_LABELS: Record<BandRule, string> = {
  either: 'out of band when either band is breached (5/25 rule)',
  wider: 'out of band only when the wider band is breached',
};

export const STATUS_LABELS: Record<BandStatus, string> = {
  in: 'In band',
  over: 'Over band',
  under: 'Under band',
};

const STATUS_MARKS: Record<BandStatus, string> = { in: '✓', over: '▲', under: '▼' };

/** A target or band edge: as many decimals as it has, up to two ("30%", "22.5%"). */
const pctShort = (v: string) => formatPct(v, 0, 2);

export function Allocation() {
  const allocation = useOperation(getAllocation);
  return (
    <>
      {allocation.status === 'loading' && <Loading what="your allocation" />}
      {allocation.status === 'error' && (
        <ErrorAlert error={allocation.error} title="The allocation could not be computed" onRetry={allocation.reload} />
      )}
      {allocation.status === 'ok' && <AllocationView allocation={allocation.value} />}
    </>
  );
}

function AllocationView({ allocation: a }: { allocation: AllocationView }) {
  const theme = useChartTheme();
  const colors = sleeveColors(
    a.sleeves.map((s) => s.sleeve),
    theme,
  );
  return (
    <>
      <section className="card card-flush allocation" aria-labelledby="allocation-title" data-testid="allocation">
        <div className="card-head">
          <h2 id="allocation-title">Current vs target</h2>
          <p className="muted" data-testid="allocation-model">
            {a.model ? (
              <>
                Model <strong className="allocation-model-name">{a.model.name}</strong>, {BAND_RULE_LABELS[a.model.bandRule]} ·{' '}
                <a href={hrefFor('targets')}>Edit targets</a>
                {a.sleeves.some((s) => s.status !== 'in') && (
                  <>
                    {' '}
                    · <a href={hrefFor('rebalance')}>Plan a rebalance</a>
                  </>
                )}
              </>
            ) : (
              <>
                No model is active, so every target is 0. <a href={hrefFor('targets')}>Choose a model on Targets</a>
              </>
            )}
          </p>
        </div>
        {a.sleeves.length === 0 ? (
          <p className="card-body muted">Nothing is held in any sleeve yet.</p>
        ) : (
          <>
            <div className="allocation-charts">
              <figure className="chart-figure">
                <figcaption className="chart-caption">Current and target per sleeve, with the band around each target</figcaption>
                <SleeveBars allocation={a} theme={theme} />
              </figure>
              <figure className="chart-figure">
                <figcaption className="chart-caption">Current mix</figcaption>
                <MixDoughnut allocation={a} theme={theme} colors={colors} />
              </figure>
            </div>
            <DriftTable allocation={a} />
            {a.accounts.length > 0 && <AccountTable allocation={a} />}
          </>
        )}
      </section>
      {a.unclassified.length > 0 && <Unclassified allocation={a} />}
      <DriftHistory theme={theme} />
    </>
  );
}

// ---- Bars: current and target, band behind ----

function SleeveBars({ allocation: a, theme }: { allocation: AllocationView; theme: ChartTheme }) {
  const rows = a.sleeves;
  const data: ChartData<'bar', BarValue[], string> = {
    labels: rows.map((s) => s.sleeve),
    datasets: [
      {
        label: 'Current',
        data: rows.map((s) => Number(s.currentPct)),
        backgroundColor: theme.current,
        borderRadius: 3,
        categoryPercentage: 0.62,
        barPercentage: 0.92,
        order: 1,
      },
      {
        label: 'Target',
        data: rows.map((s) => Number(s.targetPct)),
        backgroundColor: theme.target,
        borderRadius: 3,
        categoryPercentage: 0.62,
        barPercentage: 0.92,
        order: 2,
      },
      {
        label: 'Band',
        // A floating bar from the band's low edge to its high edge, drawn the full width of the row behind the others.
        data: rows.map((s) => [Number(s.bandLowPct), Number(s.bandHighPct)] as [number, number]),
        backgroundColor: theme.band,
        borderColor: theme.bandBorder,
        borderWidth: 1,
        borderSkipped: false,
        grouped: false,
        categoryPercentage: 0.86,
        barPercentage: 1,
        order: 3,
      },
    ],
  };
  const label = (s: SleeveAllocationView, dataset: string) => {
    if (dataset === 'Band') return `Band: ${pctShort(s.bandLowPct)} – ${pctShort(s.bandHighPct)}`;
    if (dataset === 'Target') return `Target: ${pctShort(s.targetPct)}`;
    return `Current: ${formatPct(s.currentPct)} (${formatMoney(s.value, a.baseCurrency)})`;
  };
  const ariaLabel = `Current and target per sleeve: ${rows.map((s) => `${s.sleeve} ${formatPct(s.currentPct)} against ${pctShort(s.targetPct)}`).join('; ')}`;
  return <PercentBars rows={rows} data={data} theme={theme} label={label} rowHeight={46} testId="allocation-bars" ariaLabel={ariaLabel} fallback="The drift table below lists the same figures." />;
}

// ---- Doughnut: the current mix ----

function MixDoughnut({ allocation: a, theme, colors }: { allocation: AllocationView; theme: ChartTheme; colors: Map<string, string> }) {
  // A slice per sleeve that holds value, and one per security in no sleeve (its value is in the total too), so
  // the circle is the whole household. Negative values (a margin balance) cannot be a slice.
  // Every slice is sized by the core's currentPct: a share of the same whole total, sleeves and securities in no
  // sleeve alike.
  const sleeveSlices = a.sleeves
    .filter((s) => decimalSign(s.value) > 0)
    .map((s) => ({ label: s.sleeve, pct: s.currentPct, text: `${s.sleeve}: ${formatPct(s.currentPct)} · ${formatMoney(s.value, a.baseCurrency)}`, color: colors.get(s.sleeve) ?? theme.muted }));
  const noSleeve = a.unclassified
    .filter((u) => decimalSign(u.value) > 0)
    .map((u) => ({
      label: `${u.symbol} (no sleeve)`,
      pct: u.currentPct,
      text: `${u.symbol}, in no sleeve: ${formatPct(u.currentPct)} · ${formatMoney(u.value, a.baseCurrency)}`,
      color: theme.unclassified,
    }));
  const slices = [...sleeveSlices, ...noSleeve];
  const data: ChartData<'doughnut', number[], string> = {
    labels: slices.map((s) => s.label),
    datasets: [
      {
        label: 'Current mix',
        // Plotting only: chart.js needs numbers to size the slices; every text shown is formatted from the strings.
        data: slices.map((s) => Number(s.pct)),
        backgroundColor: slices.map((s) => s.color),
        borderColor: theme.surface,
        borderWidth: 2,
      },
    ],
  };
  const base = baseOptions(theme);
  const options: ChartOptions<'doughnut'> = {
    ...base,
    cutout: '58%',
    plugins: {
      ...base.plugins,
      legend: {
        ...base.plugins.legend,
        position: 'bottom',
        // One legend entry for every security in no sleeve (each is its own grey slice), and no hiding of slices.
        onClick: () => {},
        labels: {
          ...base.plugins.legend.labels,
          generateLabels: (chart) =>
            Chart.overrides.doughnut.plugins.legend.labels
              .generateLabels(chart)
              .filter((item) => (item.index ?? 0) <= sleeveSlices.length)
              .map((item) => (item.index === sleeveSlices.length ? { ...item, text: `In no sleeve (${noSleeve.length})` } : item)),
        },
      },
      tooltip: { callbacks: { title: () => '', label: (ctx: TooltipItem<'doughnut'>) => ` ${slices[ctx.dataIndex]?.text ?? ''}` } },
    },
  };
  return (
    <ChartBox
      type="doughnut"
      className="chart-box-doughnut"
      data={data}
      options={options}
      testId="allocation-mix"
      ariaLabel={`Current mix: ${slices.map((s) => `${s.label} ${s.text}`).join('; ')}`}
      fallback="The drift table below lists the same figures."
    />
  );
}

// ---- Drift table ----

function DriftTable({ allocation: a }: { allocation: AllocationView }) {
  return (
    <Table
      className="table-drift"
      data-testid="drift-table"
      caption={`Drift per sleeve against ${a.model?.name ?? 'no model'}`}
      columns={['Sleeve', num('Value'), num('Current'), num('Target'), num('Band'), num('Drift'), num('Relative'), 'Status']}
    >
      <tbody>
        {a.sleeves.map((s) => (
          <DriftRow key={s.sleeve} row={s} currency={a.baseCurrency} />
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num" data-testid="allocation-total">
            {formatMoney(a.total, a.baseCurrency)}
          </td>
          <td colSpan={6} className="muted drift-foot">
            {a.unclassified.length > 0
              ? `Includes ${plural(a.unclassified.length, 'security', 'securities')} in no sleeve (listed below).`
              : 'Every holding is in a sleeve.'}
          </td>
        </tr>
      </tfoot>
    </Table>
  );
}

function DriftRow({ row: s, currency }: { row: SleeveAllocationView; currency: string }) {
  return (
    <tr className={`drift-row drift-${s.status}`} data-testid={`drift-${s.sleeve}`} data-status={s.status}>
      <th scope="row">{s.sleeve}</th>
      <td className="num">{formatMoney(s.value, currency)}</td>
      <td className="num">{formatPct(s.currentPct)}</td>
      <td className="num">{pctShort(s.targetPct)}</td>
      <td className="num muted">
        {pctShort(s.bandLowPct)} – {pctShort(s.bandHighPct)}
      </td>
      <td className="num drift-pp">{formatPp(s.driftPp)}</td>
      <td className="num">{s.driftRelPct === null ? <span className="muted" title="No target to be relative to">—</span> : formatSignedPct(s.driftRelPct)}</td>
      <td>
        <span className={`status-badge status-${s.status}`}>
          <span aria-hidden="true">{STATUS_MARKS[s.status]}</span> {STATUS_LABELS[s.status]}
        </span>
      </td>
    </tr>
  );
}

// ---- Per account ----

type AccountAllocation = AllocationView['accounts'][number];

/** Each account's mix: rows are accounts, columns the sleeves any account holds, in the household's order. */
function AccountTable({ allocation: a }: { allocation: AllocationView }) {
  const names: string[] = a.sleeves.map((s) => s.sleeve).filter((name) => a.accounts.some((acc) => acc.sleeves.some((x) => x.sleeve === name)));
  // A sleeve an account holds but the household list leaves out (cannot happen today) still gets its column, last.
  for (const acc of a.accounts) for (const x of acc.sleeves) if (!names.includes(x.sleeve)) names.push(x.sleeve);
  const someInNoSleeve = a.unclassified.length > 0;
  return (
    <div className="account-allocation">
      <h3 className="account-allocation-title" id="account-allocation-title">
        Per account
      </h3>
      <p className="muted account-allocation-note">
        Each account’s own mix: the share of its total in each sleeve. Hover a figure for its value.
        {someInNoSleeve && ' Securities in no sleeve are counted in the totals only, so a row can add up to less than 100%.'}
      </p>
      {/* Fixed layout: every sleeve column equally wide; below the minimum width the table scrolls in its card. */}
      <Table
        className="table-account-allocation"
        data-testid="account-allocation"
        style={{ minWidth: `${300 + names.length * 80}px` }}
        wrap={{ className: 'account-allocation-scroll', tabIndex: 0, role: 'region', 'aria-labelledby': 'account-allocation-title' }}
        caption="Current share of each sleeve in each account"
        columns={[{ label: 'Account', col: 'col-account' }, num('Total', { col: 'col-total' }), ...names.map((name) => num(<WrapAtSpaces text={name} />, { col: '' }))]}
      >
        <tbody>
          {a.accounts.map((acc) => (
            <AccountRow key={acc.id} account={acc} sleeves={names} currency={a.baseCurrency} />
          ))}
        </tbody>
      </Table>
    </div>
  );
}

/** A header that may wrap between words but never at a hyphen ("Small-cap" stays whole, "Large-cap growth" may wrap). */
function WrapAtSpaces({ text }: { text: string }) {
  const words = text.split(' ');
  return (
    <>
      {words.map((w, i) => (
        <Fragment key={i}>
          {i > 0 && ' '}
          <span className="nowrap">{w}</span>
        </Fragment>
      ))}
    </>
  );
}

function AccountRow({ account: acc, sleeves, currency }: { account: AccountAllocation; sleeves: string[]; currency: string }) {
  return (
    <tr data-testid={`account-allocation-${acc.id}`}>
      <th scope="row" className="account-allocation-name">
        {acc.name}
      </th>
      <td className="num">{formatMoney(acc.total, currency)}</td>
      {sleeves.map((name) => {
        const x = acc.sleeves.find((s) => s.sleeve === name);
        return x ? (
          <td key={name} className="num" title={`${acc.name} · ${name}: ${formatMoney(x.value, currency)}`} data-sleeve={name}>
            {formatPct(x.currentPct)}
          </td>
        ) : (
          <td key={name} className="num muted" title={`${acc.name} holds nothing in ${name}`} data-sleeve={name}>
            —
          </td>
        );
      })}
    </tr>
  );
}

// ---- In no sleeve ----

function Unclassified({ allocation: a }: { allocation: AllocationView }) {
  const n = a.unclassified.length;
  return (
    <section className="card unclassified-card" aria-labelledby="unclassified-title" data-testid="unclassified">
      <h2 id="unclassified-title">
        {plural(n, 'security', 'securities')} in no sleeve
      </h2>
      <p>
        {n === 1 ? 'It is' : 'They are'} counted in the total but in no sleeve, so the sleeves’ shares above add up to less than 100%.{' '}
        <a href={hrefFor('classification')}>Choose {n === 1 ? 'its' : 'their'} sleeves on Classification</a>
      </p>
      <ul className="unclassified-list">
        {a.unclassified.map((u) => (
          <li key={u.symbol} data-testid={`unclassified-${u.symbol}`}>
            <strong>{u.symbol}</strong> {u.name && <span className="muted">{u.name}</span>} ·{' '}
            <span className="num">{formatMoney(u.value, a.baseCurrency)}</span> <span className="num">({formatPct(u.currentPct)} of the total)</span>
            <span className="unclassified-reason">{u.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

// ---- Drift history ----

function DriftHistory({ theme }: { theme: ChartTheme }) {
  const history = useOperation(getHistory);
  return (
    <section className="card drift-history" aria-labelledby="drift-history-title" data-testid="drift-history">
      <h2 id="drift-history-title">Drift history</h2>
      {history.status === 'loading' && <Loading what="drift history" />}
      {history.status === 'error' && <ErrorAlert error={history.error} title="The drift history could not be loaded" onRetry={history.reload} />}
      {history.status === 'ok' &&
        (history.value.length < 2 ? (
          <p className="muted" data-testid="drift-history-empty">
            {history.value.length === 0
              ? 'Drift history appears after your first import: Keel records each sleeve’s drift every time you import.'
              : `Drift history appears after your next import: one snapshot so far, from ${formatDateTime(history.value[0]?.takenAt ?? null)}.`}
          </p>
        ) : (
          <HistoryChart points={history.value} theme={theme} />
        ))}
    </section>
  );
}

function HistoryChart({ points, theme }: { points: AllocationHistoryPoint[]; theme: ChartTheme }) {
  const names: string[] = [];
  for (const p of points) for (const s of p.sleeves) if (!names.includes(s.sleeve)) names.push(s.sleeve);
  const colors = sleeveColors(names, theme);
  const drift = (p: AllocationHistoryPoint, name: string) => p.sleeves.find((s) => s.sleeve === name)?.driftPp ?? null;
  const data: ChartData<'line', (number | null)[], string> = {
    labels: points.map((p) => formatDateTime(p.takenAt)),
    datasets: names.map((name) => ({
      label: name,
      data: points.map((p) => {
        const d = drift(p, name);
        return d === null ? null : Number(d);
      }),
      borderColor: colors.get(name) ?? theme.muted,
      backgroundColor: colors.get(name) ?? theme.muted,
      borderWidth: 2,
      pointRadius: 3,
      tension: 0,
    })),
  };
  const base = baseOptions(theme);
  const options: ChartOptions<'line'> = {
    ...base,
    interaction: { mode: 'index', intersect: false },
    scales: {
      x: { grid: { color: theme.grid }, border: { color: theme.grid }, ticks: { color: theme.muted, maxRotation: 0, autoSkip: true } },
      y: {
        grid: { color: (ctx) => (ctx.tick.value === 0 ? theme.muted : theme.grid) },
        border: { color: theme.grid },
        ticks: { color: theme.muted, callback: (v) => `${v} pp` },
      },
    },
    plugins: {
      ...base.plugins,
      legend: { ...base.plugins.legend, position: 'bottom' },
      tooltip: {
        callbacks: {
          title: (items) => {
            const p = points[items[0]?.dataIndex ?? 0];
            return p ? `${formatDateTime(p.takenAt)}${p.model ? ` · ${p.model}` : ''}` : '';
          },
          label: (ctx: TooltipItem<'line'>) => {
            const p = points[ctx.dataIndex];
            const d = p ? drift(p, names[ctx.datasetIndex] ?? '') : null;
            return d === null ? '' : `${names[ctx.datasetIndex]}: ${formatPp(d)}`;
          },
        },
      },
    },
  };
  return (
    <>
      <p className="muted">Each sleeve’s drift from its target, in percentage points, recorded at every import.</p>
      <ChartBox type="line" className="chart-box-history" data={data} options={options} testId="drift-history-chart" ariaLabel={`Drift history over ${plural(points.length, 'import')}`} />
    </>
  );
}
