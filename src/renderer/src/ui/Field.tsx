// A form field: its label above its control (.field and .field-label in forms.css), then whatever the control
// needs below it (a hint, a problem, a datalist).
import type { ReactNode } from 'react';

interface Props {
  label: ReactNode;
  /** The id of the control the label names. */
  htmlFor: string;
  /** Beside .field: the page's own layout class. */
  className?: string;
  children: ReactNode;
}

export function Field({ label, htmlFor, className, children }: Props) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
    </div>
  );
}
