// The table every page uses: the card-wide scroll wrapper (.table-wrap) around a `.table`, plus the page's own
// class for its column widths. A page names its columns once (`columns`) and Table writes the hidden caption, the
// <colgroup> (when a column has a width class) and the header row, so every header reads and aligns the same.
// The rows stay with the page that knows its data.
import type { ComponentPropsWithoutRef, ReactNode } from 'react';

/** A header cell: its label, and how it sits over its column. */
export interface Column {
  label: ReactNode;
  /** A column of figures: the heading is right-aligned like them. */
  num?: boolean;
  /** No visible heading (a column of buttons): the label is for screen readers. */
  hidden?: boolean;
  /** The class of the column's <col> (its width); '' for a <col> without one. */
  col?: string;
  title?: string;
}

/** A column of figures. */
export const num = (label: ReactNode, more: Omit<Column, 'label' | 'num'> = {}): Column => ({ label, num: true, ...more });

/** A column of buttons: no visible heading, a name for screen readers. */
export const unlabelled = (label: string): Column => ({ label, hidden: true });

interface Props extends ComponentPropsWithoutRef<'table'> {
  /** The table's name, for screen readers only. */
  caption?: ReactNode;
  /** The header cells in order; false leaves out a column the data does not have. */
  columns?: (string | Column | false)[];
  /** More attributes for the scroll wrapper (a scrollable region with a name and a tab stop). */
  wrap?: ComponentPropsWithoutRef<'div'>;
  /** Shown under the table, inside the wrapper ("the first 500 rows", "nothing matches"). */
  below?: ReactNode;
}

export function Table({ className, caption, columns, wrap, below, children, ...rest }: Props) {
  const cols = (columns ?? []).filter((c) => c !== false).map((c) => (typeof c === 'string' ? { label: c } : c));
  return (
    <div {...wrap} className={wrap?.className ? `table-wrap ${wrap.className}` : 'table-wrap'}>
      <table className={className ? `table ${className}` : 'table'} {...rest}>
        {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
        {cols.some((c) => c.col !== undefined) && (
          <colgroup>
            {cols.map((c, i) => (
              <col key={i} className={c.col || undefined} />
            ))}
          </colgroup>
        )}
        {cols.length > 0 && (
          <thead>
            <tr>
              {cols.map((c, i) => (
                <th key={i} scope="col" className={c.num ? 'num' : undefined} title={c.title}>
                  {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
                </th>
              ))}
            </tr>
          </thead>
        )}
        {children}
      </table>
      {below}
    </div>
  );
}
