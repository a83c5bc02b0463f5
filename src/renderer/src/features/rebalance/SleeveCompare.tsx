// Before and after, per sleeve: a grouped bar chart (before, after, target) beside a table of the same figures.
// Weights arrive as fractions ("0.3012"); the chart draws Number(fraction × 100) and every text formats the strings.
import type { ChartData } from 'chart.js';
import type { PlanSleeveView } from '../../../../shared/types';
import { useChartTheme } from '../../ui/chartTheme';
import { PercentBars } from '../../ui/Charts';
import { formatMoney, formatPercent } from '../../format';
import { num, Table } from '../../ui/Table';

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
  const label = (s: PlanSleeveView, dataset: string) => {
    if (dataset === 'Target') return `Target: ${formatPercent(s.target)}`;
    if (dataset === 'Before') return `Before: ${formatPercent(s.before)} (${formatMoney(s.beforeValue, currency)})`;
    return `After: ${formatPercent(s.after)} (${formatMoney(s.afterValue, currency)})`;
  };
  const ariaLabel = `Per sleeve, before → after (target): ${sleeves
    .map((s) => `${s.sleeve} ${formatPercent(s.before)} → ${formatPercent(s.after)} (${formatPercent(s.target)})`)
    .join('; ')}`;
  return (
    <section className="card plan-sleeves" aria-labelledby="plan-sleeves-title" data-testid="plan-sleeves">
      <h2 id="plan-sleeves-title">Before and after, per sleeve</h2>
      <div className="plan-sleeves-body">
        <figure className="chart-figure">
          <figcaption className="visually-hidden">Each sleeve's share before and after the plan, and its target</figcaption>
          <PercentBars rows={sleeves} data={data} theme={theme} label={label} rowHeight={52} testId="plan-sleeves-chart" ariaLabel={ariaLabel} fallback="The table lists the same figures." />
        </figure>
        <Table
          className="plan-sleeves-table"
          data-testid="plan-sleeves-table"
          caption="Each sleeve before and after the plan"
          columns={['Sleeve', num('Target'), num('Before'), num('After'), num('Value after')]}
        >
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
