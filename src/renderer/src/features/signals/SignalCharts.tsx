// Each series that has readings, over time, with its rules' thresholds drawn as dashed horizontal lines.
// Chart values are numbers only for drawing; the figures shown elsewhere stay exact decimal strings.
import type { ChartData, ChartOptions } from 'chart.js';
import type { RuleView, SeriesView, SignalHistoryView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ChartBox } from '../../ui/Charts';
import { baseOptions, useChartTheme, type ChartTheme } from '../../ui/chartTheme';
import { ErrorAlert, Loading } from '../../ui/Status';
import { formatDate } from '../../format';
import { useOperation } from '../../useOperation';
import { ruleText } from './labels';

export function SignalCharts({ series, rules }: { series: SeriesView[]; rules: RuleView[] }) {
  const theme = useChartTheme();
  if (series.length === 0) return null;
  return (
    <section className="card signals-section" aria-labelledby="signals-charts-title">
      <h2 id="signals-charts-title">Over time</h2>
      <div className="signals-charts">
        {series.map((s) => (
          <SeriesChart key={s.key} series={s} rules={rules.filter((r) => r.series === s.key)} theme={theme} />
        ))}
      </div>
    </section>
  );
}

function SeriesChart({ series, rules, theme }: { series: SeriesView; rules: RuleView[]; theme: ChartTheme }) {
  const history = useOperation(() => api.getSignalHistory({ series: series.key }));
  return (
    <figure className="signals-chart" data-testid={`signal-chart-${series.key}`}>
      <figcaption>
        <strong>{series.key}</strong>
        {rules.length > 0 && <span className="signals-chart-rules"> · {rules.map(ruleText).join(', ')}</span>}
      </figcaption>
      {history.status === 'loading' && <Loading what={`${series.key} readings`} />}
      {history.status === 'error' && <ErrorAlert error={history.error} title={`${series.key} could not be loaded`} onRetry={history.reload} />}
      {history.status === 'ok' && <HistoryLine history={history.value} series={series} rules={rules} theme={theme} />}
    </figure>
  );
}

function HistoryLine({ history, series, rules, theme }: { history: SignalHistoryView; series: SeriesView; rules: RuleView[]; theme: ChartTheme }) {
  const points = history.points;
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return <p className="card-note">No readings yet.</p>;
  const labels = points.map((p) => p.asOf);
  const data: ChartData<'line', number[], string> = {
    labels,
    datasets: [
      { label: series.key, data: points.map((p) => Number(p.value)), borderColor: theme.current, backgroundColor: theme.current, pointRadius: points.length > 60 ? 0 : 2, borderWidth: 2 },
      ...rules.map((r, i) => ({
        label: `${r.op} ${r.threshold}`,
        data: labels.map(() => Number(r.threshold)),
        borderColor: theme.sleeves[(i + 3) % theme.sleeves.length] ?? theme.target,
        backgroundColor: 'transparent',
        borderDash: [6, 4],
        borderWidth: 1.5,
        // One reading gives the line no length: mark the threshold with a dash at it instead.
        pointStyle: 'line' as const,
        pointRadius: points.length === 1 ? 24 : 0,
      })),
    ],
  };
  const base = baseOptions(theme);
  const options: ChartOptions<'line'> = {
    ...base,
    interaction: { mode: 'index', intersect: false },
    scales: {
      x: { grid: { display: false }, border: { color: theme.grid }, ticks: { color: theme.muted, maxTicksLimit: 6, maxRotation: 0, callback: (_v, i) => formatDate(labels[i] ?? null) } },
      y: { grid: { color: theme.grid }, border: { color: theme.grid }, ticks: { color: theme.muted } },
    },
    plugins: { ...base.plugins, legend: { ...base.plugins.legend, position: 'top', align: 'end' } },
  };
  const summary = `${series.key}: ${points.length} readings from ${first.asOf} (${first.value}) to ${last.asOf} (${last.value})${rules.length ? `; thresholds ${rules.map((r) => `${r.op} ${r.threshold}`).join(', ')}` : ''}.`;
  return <ChartBox type="line" data={data} options={options} testId={`signal-chart-canvas-${series.key}`} ariaLabel={summary} fallback={summary} className="signals-chart-box" />;
}
