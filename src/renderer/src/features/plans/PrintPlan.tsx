// The print view of a recorded plan (#/plans/<id>/print): the core's trade-list document (getTradeList) under its
// `.trade-list` root, styled by the core's trade-list.css. The print stylesheet (styles/print.css) hides the
// app around it, so the browser's Print, Electron's File → Print… / Save as PDF… and page.pdf() give the document
// alone.
import type { TradeListView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { downloadText } from '../../download';
import { hrefFor } from '../../router';
import { useOperation } from '../../useOperation';
// The document's own stylesheet lives with the markup it styles (the CLI inlines the same file); CSS only.
// eslint-disable-next-line no-restricted-imports
import '../../../../main/core/report/trade-list.css';
import './print-view.css';

export function PrintPlan({ planId }: { planId: number }) {
  const list = useOperation(() => api.getTradeList({ id: planId }));
  return (
    <>
      <header className="page-header print-toolbar">
        <h1 tabIndex={-1}>Trade list</h1>
        <div className="print-actions">
          <a className="button" href={hrefFor('rebalance')}>
            Back to Rebalance
          </a>
          <a className="button" href={`${hrefFor('plans')}/${planId}`}>
            Open in Plans
          </a>
          {list.status === 'ok' && <ExportButton list={list.value} />}
          <button type="button" className="button button-primary" onClick={() => window.print()} disabled={list.status !== 'ok'} data-testid="print-now">
            Print…
          </button>
        </div>
      </header>
      {list.status === 'loading' && <Loading what="the trade list" />}
      {list.status === 'error' && <ErrorAlert error={list.error} title="The trade list could not be made" onRetry={list.reload} />}
      {list.status === 'ok' && (
        // The core escapes every piece of text in this markup (report/tradeListHtml.ts); it holds no script or style.
        <div className="print-document" data-testid="trade-list" dangerouslySetInnerHTML={{ __html: list.value.html }} />
      )}
    </>
  );
}

function ExportButton({ list }: { list: TradeListView }) {
  return (
    <button type="button" className="button" onClick={() => downloadText(list.csv, `${list.fileName}.csv`)} data-testid="print-export-csv">
      Export CSV
    </button>
  );
}
