// Signals: the user's own dated readings of market series and the user's own rules over them (issue 17). Keel
// evaluates the rules; it suggests only what the user wrote, and switches nothing by itself.
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { useOperation } from '../../useOperation';
import { NO_ADVICE } from './labels';
import { ReadingImport } from './ReadingImport';
import { Readings } from './Readings';
import { Rules } from './Rules';
import { SignalCharts } from './SignalCharts';
import './signals.css';

const listSignals = () => api.listSignals({});
const listModels = () => api.listModels({});

export function Signals() {
  const signals = useOperation(listSignals);
  const models = useOperation(listModels);
  // Bumped after every change: the charts remount and load their series again.
  const [version, setVersion] = useState(0);
  const changed = () => {
    signals.reload();
    setVersion((v) => v + 1);
  };
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Signals</h1>
        <p className="page-lede">Your readings of market series, typed in or imported, and your rules over them: which hold, and what you wrote each suggests.</p>
        <p className="signals-no-advice" data-testid="signals-no-advice">
          {NO_ADVICE}
        </p>
      </header>
      {signals.status === 'loading' && <Loading what="signals" />}
      {signals.status === 'error' && <ErrorAlert error={signals.error} title="The signals could not be loaded" onRetry={signals.reload} />}
      {signals.status === 'ok' && (
        <>
          <Rules view={signals.value} models={models.status === 'ok' ? models.value : []} onChanged={changed} />
          <Readings view={signals.value} onChanged={changed} />
          <ReadingImport series={signals.value.series} onImported={changed} />
          <SignalCharts key={version} series={signals.value.series.filter((s) => signals.value.readings.some((r) => r.series === s.key))} rules={signals.value.rules} />
        </>
      )}
    </>
  );
}
