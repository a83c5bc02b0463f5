// Targets: the target models (one active) and their editor, what each account can buy (a 401(k) menu), the
// sleeves themselves (rename, add, remove, reorder) and the Cyclicals setting.
// The core validates and stores everything; its messages are shown as they come.
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { useOperation } from '../../useOperation';
import { AccountMenusSection } from './AccountMenus';
import { CyclicalsSection } from './Cyclicals';
import { ModelsAndEditor } from './Models';
import { SleevesSection } from './Sleeves';
import './targets.css';

const listModels = () => api.listModels({});
const listSleeves = () => api.listSleeves({});

export function Targets() {
  const models = useOperation(listModels);
  const sleeves = useOperation(listSleeves);
  const reloadAll = () => {
    models.reload();
    sleeves.reload();
  };
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Targets</h1>
        <p className="page-lede">How your household should be split across sleeves, and how far each sleeve may drift.</p>
      </header>
      {(models.status === 'loading' || sleeves.status === 'loading') && <Loading what="your target models" />}
      {models.status === 'error' && <ErrorAlert error={models.error} title="The target models could not be loaded" onRetry={models.reload} />}
      {sleeves.status === 'error' && <ErrorAlert error={sleeves.error} title="The sleeves could not be loaded" onRetry={sleeves.reload} />}
      {models.status === 'ok' && sleeves.status === 'ok' && (
        <>
          <ModelsAndEditor models={models.value} sleeves={sleeves.value} onChanged={models.reload} />
          <AccountMenusSection />
          <SleevesSection sleeves={sleeves.value} models={models.value} onSaved={reloadAll} />
          <CyclicalsSection />
        </>
      )}
    </>
  );
}
