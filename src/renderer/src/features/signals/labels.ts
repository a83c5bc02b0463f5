// Words the Signals page and the dashboard card share: a rule's status, what it suggests, a reading with its unit.
import type { RuleStatus, RuleView, SeriesView, SuggestionView } from '../../../../shared/types';
import { formatDecimal } from '../../format';

/** Said wherever rules are shown: the rules and readings are the user's own; Keel gives no advice. */
export const NO_ADVICE = 'Keel computes these from your own readings and your own rules. It gives no advice and never switches a model or trades by itself.';

export const STATUS_LABELS: Record<RuleStatus, string> = { met: 'Met', 'not-met': 'Not met', 'no-data': 'No data' };

/** "4.3%", "52.1", "68.29 index". */
export function formatReading(value: string, series: SeriesView | undefined): string {
  const unit = series?.unit ?? '';
  return `${formatDecimal(value)}${unit === '' ? '' : unit === '%' ? '%' : ` ${unit}`}`;
}

/** "unemployment > 4.3". */
export function ruleText(rule: Pick<RuleView, 'series' | 'op' | 'threshold'>): string {
  return `${rule.series} ${rule.op} ${formatDecimal(rule.threshold)}`;
}

/** What a met rule would suggest, in the user's own words after what kind it is. */
export function suggestionText(s: SuggestionView): string {
  const what = s.kind === 'model' ? `Switch to ${s.model ?? 'a deleted model'}` : s.kind === 'stage' ? 'Stage the rotation' : 'Flag';
  return s.note ? `${what} — ${s.note}` : what;
}

export const seriesByKey = (series: readonly SeriesView[]) => new Map(series.map((s) => [s.key, s]));
