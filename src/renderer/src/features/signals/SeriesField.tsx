// The series picker the reading, import and rule forms share: a labelled select of the series' keys.
import type { SeriesView } from '../../../../shared/types';
import { Field } from '../../ui/Field';

interface Props {
  id: string;
  series: readonly SeriesView[];
  value: string;
  onChange: (key: string) => void;
  testId: string;
  /** A first option with no series ("As the FRED file says"). */
  none?: string;
}

export function SeriesField({ id, series, value, onChange, testId, none }: Props) {
  return (
    <Field label="Series" htmlFor={id}>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {none !== undefined && <option value="">{none}</option>}
        {series.map((s) => (
          <option key={s.key} value={s.key}>
            {s.key}
          </option>
        ))}
      </select>
    </Field>
  );
}
