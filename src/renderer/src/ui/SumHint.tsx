import { againstHundred, isPercentInput } from '../decimal';
import { formatDecimal, formatPctExact } from '../format';

/**
 * The live total of percentages being typed, against exactly 100: "Total 99.5% — 0.5 short of 100%" in the
 * warning colour until it is exactly 100. Exact decimal arithmetic; the core still judges on save.
 * An empty input counts as 0.
 */
export function SumHint({ values, testId, id }: { values: string[]; testId: string; id?: string }) {
  const typed = values.map((v) => v.trim() || '0');
  const bad = typed.filter((v) => !isPercentInput(v)).length;
  const sum = bad === 0 ? againstHundred(typed) : null;
  if (!sum) {
    return (
      <p className="sum-hint sum-off" data-testid={testId} id={id} aria-live="polite">
        Total not known: {bad === 1 ? 'one entry is' : `${bad} entries are`} not a percentage like 30 or 12.5
      </p>
    );
  }
  return (
    <p className={`sum-hint ${sum.sign === 0 ? 'sum-ok' : 'sum-off'}`} data-testid={testId} id={id} aria-live="polite">
      Total {formatPctExact(sum.total)}
      {sum.sign === 0 ? (
        <>
          {' '}
          <span aria-hidden="true">✓</span>
        </>
      ) : (
        <> — {formatDecimal(sum.difference)} {sum.sign < 0 ? 'short of' : 'over'} 100%</>
      )}
    </p>
  );
}
