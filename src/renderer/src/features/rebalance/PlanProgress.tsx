// A plan being solved: time used against the time limit, the best drift found so far, and Cancel.
import { useEffect, useRef } from 'react';
import { formatPercent } from '../../format';

interface Props {
  elapsedMs: number;
  timeLimitMs: number;
  bestDrift: string | null;
  onCancel: () => void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function PlanProgress({ elapsedMs, timeLimitMs, bestDrift, onCancel }: Props) {
  const ref = useRef<HTMLElement>(null);
  // The form can be long (More options open): bring the progress and its Cancel button into view.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const max = Math.max(timeLimitMs, 1);
  const value = Math.min(elapsedMs, max);
  return (
    <section ref={ref} className="card plan-progress" aria-labelledby="plan-progress-title" data-testid="plan-progress">
      <div className="plan-progress-head">
        <h2 id="plan-progress-title">Planning…</h2>
        <button type="button" className="button" onClick={onCancel} data-testid="plan-cancel">
          Cancel
        </button>
      </div>
      <progress
        className="plan-progress-bar"
        max={max}
        value={value}
        aria-label="Time used of the planner's time limit"
        aria-valuetext={timeLimitMs > 0 ? `${seconds(elapsedMs)} of ${seconds(timeLimitMs)}` : seconds(elapsedMs)}
      />
      <p className="muted">
        {timeLimitMs > 0 ? `${seconds(elapsedMs)} of at most ${seconds(timeLimitMs)}` : `${seconds(elapsedMs)} so far`}
        {bestDrift !== null && (
          <>
            {' '}
            · best drift so far <strong className="num">{formatPercent(bestDrift)}</strong>
          </>
        )}
        . The planner keeps the best plan it has found when the time is up.
      </p>
    </section>
  );
}
