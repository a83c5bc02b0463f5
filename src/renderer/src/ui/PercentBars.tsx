// A horizontal bar chart of percentages, a row per sleeve: the dashboard's current vs target and a plan's
// before vs after. The page brings the datasets and the tooltip's words; the axes, legend and size are shared.
import type { ChartData, ChartOptions, TooltipItem } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { baseOptions, exposeChartData, type ChartTheme } from './chartTheme';

/** A bar: a value, or a floating bar from one value to another (a band). */
export type BarValue = number | [number, number];

interface Props {
  data: ChartData<'bar', BarValue[], string>;
  theme: ChartTheme;
  /** The tooltip line of a bar. */
  label: (ctx: TooltipItem<'bar'>) => string;
  /** Pixels per row: the chart grows with the sleeves (never under 220px). */
  rowHeight: number;
  testId: string;
  ariaLabel: string;
  /** Said where the canvas cannot be drawn: where the same figures are. */
  fallback: string;
}

export function PercentBars({ data, theme, label, rowHeight, testId, ariaLabel, fallback }: Props) {
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
      tooltip: { callbacks: { label } },
    },
  };
  const rows = data.labels?.length ?? 0;
  return (
    <div className="chart-box" style={{ height: `${Math.max(220, rows * rowHeight + 60)}px` }}>
      <Bar data={data} options={options} plugins={[exposeChartData]} data-testid={testId} role="img" aria-label={ariaLabel} fallbackContent={<p>{fallback}</p>} />
    </div>
  );
}
