// Before and after, per sleeve: a grouped bar chart (before, after, target) beside a table of the same figures.
// Weights arrive as fractions ("0.3012"); the chart draws Number(fraction × 100) and every text formats the strings.
import type { ChartData, ChartOptions, TooltipItem } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import type { PlanSleeveView } from '../../../../shared/types';
import { baseOptions, exposeChartData, useChartTheme } from '../../ui/chartTheme';
import { formatMoney, formatPercent } from '../../format';
import { Table } from '../../ui/Table';

/** "0.301234" → 30.1234 for drawing only (the bars' lengths); never used for a figure the user reads. */
const drawPct = (fraction: string) => Number(fraction) * 100;

export function SleeveCompare({ sleeves, currency }: { sleeves: PlanSleeveView[]; currency: string }) {
  const theme = useChartTheme();
  const data: ChartData<'bar', number[], string> = {
    labels: sleeves.map((s) => s.sleeve),
    datasets: [
      { label: 'Before', data: sleeves.map((s) => drawPct(s.before)), backgroundColor: theme.target, borderRadius: 3 },
      { label: 'After', data: sleeves.map((s) => drawPct(s.after)), backgroundColor: theme.current, borderRadius: 3 },
      {
        label: 'Target',
        data: sleeves.map((s) => drawPct(s.target)),
        backgroundColor: theme.band,
        borderColor: theme.bandBorder,
        borderWidth: 1,
        borderRadius: 3,
      },
    ],
  };
  const base = baseOptions(theme);
  const options: ChartOptions<'bar'> = {
    ...base,
    indexAxis: 'y',
    scales: {
      x: { beginAtZero: true, grid: { color: theme.grid }, border: { color: theme.grid }, ticks: { color: theme.muted, callback: (v) => `${v}%` } },
      y: { grid: { display: false }, border: { color: theme.grid }, ticks: { color: theme.text } },
    },
    plugins: {
      ...base.plugins,
      legend: { ...base.plugins.legend, position: 'top', align: 'end' },
      tooltip: {
        callbacks: {
          label: (ctx: TooltipItem<'bar'>) => {
            const s = sleeves[ctx.dataIndex];
            if (!s) return '';
            if (ctx.dataset.label === 'Target') return `Target: ${formatPercent(s.target)}`;
            if (ctx.dataset.label === 'Before') return `Before: ${formatPercent(s.before)} (${formatMoney(s.beforeValue, currency)})`;
            return `After: ${formatPercent(s.after)} (${formatMoney(s.afterValue, currency)})`;
          },
        },
      },
    },
  };
  return (
    <section className="card plan-sleeves" aria-labelledby="plan-sleeves-title" data-testid="plan-sleeves">
      <h2 id="plan-sleeves-title">Before and after, per sleeve</h2>
      <div className="plan-sleeves-body">
        <figure className="chart-figure">
          <figcaption className="visually-hidden">Each sleeve's share before and after the plan, and its target</figcaption>
          <div className="chart-box" style={{ height: `${Math.max(220, sleeves.length * 52 + 60)}px` }}>
            <Bar
              data={data}
              options={options}
              plugins={[exposeChartData]}
              data-testid="plan-sleeves-chart"
              role="img"
              aria-label={`Per sleeve, before → after (target): ${sleeves
                .map((s) => `${s.sleeve} ${formatPercent(s.before)} → ${formatPercent(s.after)} (${formatPercent(s.target)})`)
                .join('; ')}`}
              fallbackContent={<p>The table lists the same figures.</p>}
            />
          </div>
        </figure>
        <Table className="plan-sleeves-table" data-testid="plan-sleeves-table">
          <caption className="visually-hidden">Each sleeve before and after the plan</caption>
          <thead>
            <tr>
              <th scope="col">Sleeve</th>
              <th scope="col" className="num">
                Target
              </th>
              <th scope="col" className="num">
                Before
              </th>
              <th scope="col" className="num">
                After
              </th>
              <th scope="col" className="num">
                Value after
              </th>
            </tr>
          </thead>
          <tbody>
            {sleeves.map((s) => (
              <tr key={s.sleeve} data-testid={`plan-sleeve-${s.sleeve}`}>
                <th scope="row">{s.sleeve}</th>
                <td className="num muted">{formatPercent(s.target)}</td>
                <td className="num">{formatPercent(s.before)}</td>
                <td className="num">
                  <strong>{formatPercent(s.after)}</strong>
                </td>
                <td className="num" title={`Before: ${formatMoney(s.beforeValue, currency)}`}>
                  {formatMoney(s.afterValue, currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </section>
  );
}
