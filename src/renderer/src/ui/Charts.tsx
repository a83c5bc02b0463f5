// The charts' frame and the one chart two pages share. ChartBox: a sized .chart-box around a canvas that tests and
// assistive tooling can read (role img, a label with the figures, exposeChartData). PercentBars: a horizontal bar
// chart of percentages, a row per sleeve: the dashboard's current vs target and a plan's before vs after; the page
// brings the datasets and the tooltip's words, the axes, legend and size are shared.
import type { ChartData, ChartOptions, ChartType, DefaultDataPoint, Plugin, TooltipItem } from 'chart.js';
import { Chart } from 'react-chartjs-2';
import { baseOptions, exposeChartData, type ChartTheme } from './chartTheme';

interface BoxProps<T extends ChartType, D> {
  type: T;
  data: ChartData<T, D, string>;
  options: ChartOptions<T>;
  testId: string;
  ariaLabel: string;
  /** Said where the canvas cannot be drawn: where the same figures are. */
  fallback?: string;
  /** Beside .chart-box: the chart's own size rules. */
  className?: string;
  /** Pixels, where the height follows the data. */
  height?: number;
}

export function ChartBox<T extends ChartType, D = DefaultDataPoint<T>>({ type, data, options, testId, ariaLabel, fallback, className, height }: BoxProps<T, D>) {
  return (
    <div className={className ? `chart-box ${className}` : 'chart-box'} style={height === undefined ? undefined : { height: `${height}px` }}>
      <Chart
        type={type}
        data={data}
        options={options}
        // exposeChartData reads only what every chart type has (labels, datasets).
        plugins={[exposeChartData as Plugin<T>]}
        data-testid={testId}
        role="img"
        aria-label={ariaLabel}
        fallbackContent={fallback === undefined ? undefined : <p>{fallback}</p>}
      />
    </div>
  );
}

/** A bar: a value, or a floating bar from one value to another (a band). */
export type BarValue = number | [number, number];

interface BarsProps<R> {
  /** What each row of bars stands for, in the order of the data. */
  rows: readonly R[];
  data: ChartData<'bar', BarValue[], string>;
  theme: ChartTheme;
  /** The tooltip line of a bar: its row, and the label of its dataset. */
  label: (row: R, dataset: string) => string;
  /** Pixels per row: the chart grows with the sleeves (never under 220px). */
  rowHeight: number;
  testId: string;
  ariaLabel: string;
  fallback: string;
}

export function PercentBars<R>({ rows, data, theme, label, rowHeight, ...box }: BarsProps<R>) {
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
            const row = rows[ctx.dataIndex];
            return row === undefined ? '' : label(row, ctx.dataset.label ?? '');
          },
        },
      },
    },
  };
  return <ChartBox type="bar" data={data} options={options} height={Math.max(220, rows.length * rowHeight + 60)} {...box} />;
}
