// The table every page uses: the card-wide scroll wrapper (.table-wrap) around a `.table`, plus the page's own
// class for its column widths. Header and rows stay with the page that knows its columns.
import type { ComponentPropsWithoutRef } from 'react';

export function Table({ className, children, ...rest }: ComponentPropsWithoutRef<'table'>) {
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : 'table'} {...rest}>
        {children}
      </table>
    </div>
  );
}
