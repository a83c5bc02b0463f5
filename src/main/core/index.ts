// The Electron-free core: one object that owns the database and answers the contract. Every door
// (Electron IPC, the web door, the CLI) opens one of these and forwards calls to `dispatch`.
import type { AppInfo, Door, KeelApi } from '../../shared/contract.ts';
import { KEEL_VERSION } from '../../shared/version.ts';
import { type Db, openDatabase, type OpenedDatabase } from './db/open.ts';
import { clearDemo, loadDemo, seedDemoOnFirstRun } from './demo/demo.ts';
import { apiFromDispatch, createDispatcher, type Dispatch } from './dispatch.ts';
import { allocationHistory, computeAllocation, listClassifications, recordAllocation } from './allocation/allocation.ts';
import { setClassification } from './allocation/classifications.ts';
import { listAccountMenus, setAccountMenu } from './allocation/menus.ts';
import { activateModel, deleteModel, listModels, saveModel } from './allocation/models.ts';
import { saveSleeves, sleeveViews } from './allocation/sleeves.ts';
import { listFxRates, setFxRate } from './household/fx.ts';
import { setSetting } from './settings.ts';
import { householdSummary } from './household/summary.ts';
import { planHousehold } from './rebalance/household.ts';
import { listBatches, undoBatch } from './import/batches.ts';
import { ImportJobs } from './import/jobs.ts';
import { saveColumnMap } from './import/columnMaps.ts';

export interface CoreOptions {
  dataDir: string;
  door: Door;
  /** Seed the demo household into a new, empty database (default true). */
  seedDemo?: boolean;
  onInternalError?: (e: unknown) => void;
}

export interface Core {
  dispatch: Dispatch;
  /** The same operations, typed. */
  api: KeelApi;
  info: AppInfo;
  db: Db;
  opened: OpenedDatabase;
  close(): void;
}

export function openCore(options: CoreOptions): Core {
  const opened = openDatabase({ dataDir: options.dataDir });
  const { db } = opened;
  if (options.seedDemo !== false) seedDemoOnFirstRun(db);

  const info: AppInfo = {
    name: 'Keel',
    version: KEEL_VERSION,
    schemaVersion: opened.schemaVersion,
    dataDir: options.dataDir,
    databasePath: opened.path,
    door: options.door,
  };

  const imports = new ImportJobs(options.dataDir, opened.path, (batchId) => recordAllocation(db, batchId));
  const dispatch = createDispatcher(
    {
      getAppInfo: () => info,
      getHouseholdSummary: () => householdSummary(db),
      loadDemo: () => loadDemo(db),
      clearDemo: () => clearDemo(db),
      startImportUpload: ({ name, size }) => imports.startUpload(name, size),
      appendImportUpload: ({ uploadId, chunk }) => imports.append(uploadId, chunk),
      previewImport: ({ uploadIds, asOf }) => imports.preview(uploadIds, asOf),
      getImportJob: ({ jobId }) => imports.get(jobId),
      commitImport: ({ jobId, asOf, accounts }) => imports.commit(jobId, asOf, accounts ?? []),
      listImportBatches: () => listBatches(db),
      saveColumnMap: ({ signature, map }) => saveColumnMap(db, signature, map),
      getAllocation: ({ model }) => computeAllocation(db, model),
      getAllocationHistory: () => allocationHistory(db),
      listSleeves: () => sleeveViews(db),
      saveSleeves: ({ sleeves }) => saveSleeves(db, sleeves),
      listModels: () => listModels(db),
      saveModel: (input) => saveModel(db, input),
      activateModel: ({ id }) => activateModel(db, id),
      deleteModel: ({ id }) => deleteModel(db, id),
      listClassifications: () => listClassifications(db),
      setClassification: ({ symbol, sleeves }) => setClassification(db, symbol, sleeves),
      listAccountMenus: () => listAccountMenus(db),
      setAccountMenu: ({ accountId, symbols }) => setAccountMenu(db, accountId, symbols),
      setCyclicals: ({ cyclicals }) => {
        setSetting(db, 'cyclicals', cyclicals);
        return { cyclicals };
      },
      listFxRates: () => listFxRates(db),
      setFxRate: ({ currency, rate, asOf }) => setFxRate(db, currency, rate, asOf ?? null, 'user'),
      undoImportBatch: ({ batchId }) => undoBatch(db, batchId),
      planHousehold: ({ model, mode, cash, minTrade, asOf, timeLimitMs }) =>
        planHousehold(db, { model, mode, cashFlows: cash ?? [], minTrade, asOf, timeLimitMs }),
    },
    options.onInternalError,
  );

  return {
    dispatch,
    api: apiFromDispatch(dispatch),
    info,
    db,
    opened,
    close: () => {
      imports.dispose();
      db.close();
    },
  };
}

export { CoreError } from './errors.ts';
export { resolveDataDir, databasePath } from './paths.ts';
