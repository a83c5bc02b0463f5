// "Warn about prices older than N days": one field for the Rebalance form and Settings (the value is the core's,
// staleness.ts useStaleDays), so both pages and the printed trade list agree.
import { useEffect, useId, useState } from 'react';
import { parseStaleDays } from '../staleness';
import { Field } from './Field';

export function StaleDaysField({ days, onChange, testId = 'stale-days' }: { days: number; onChange: (d: number) => void; testId?: string }) {
  const id = useId();
  const [text, setText] = useState(String(days));
  // The saved value arrives after the first render (and may change on the other page): show it unless it is being typed.
  useEffect(() => {
    setText((t) => (parseStaleDays(t) === days ? t : String(days)));
  }, [days]);
  const bad = parseStaleDays(text) === null;
  return (
    <Field label="Warn about prices older than (days)" htmlFor={id}>
      <input
        id={id}
        className={`input input-days${bad ? ' input-invalid' : ''}`}
        inputMode="numeric"
        value={text}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const d = parseStaleDays(e.target.value);
          if (d !== null) onChange(d);
        }}
      />
      <span className="muted field-hint">Compared with today; the printed trade list names such prices too.</span>
    </Field>
  );
}
