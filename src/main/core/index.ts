// The Electron-free core: one object that owns the database and answers the contract. Every door
// (Electron IPC, the web door, the CLI) opens one of these and forwards calls to `dispatch`.
import type { DatabaseHealthView, OperationName } from '../../shared/contract.ts';
import { openDatabase } from './db/open.ts';
import { clearDemo, loadDemo, seedDemoOnFirstRun } from './demo/demo.ts';
import { BUSY_TIMEOUT_MS, busyError, write, writeSync } from './db/lock.ts';
import { createDispatcher, type WriteGate } from './dispatch.ts';
import { allocationHistory, computeAllocation, listClassifications, recordAllocation } from './allocation/allocation.ts';
import { setClassification } from './allocation/classifications.ts';
import { listAccountMenus, setAccountMenu } from './allocation/menus.ts';
import { activateModel, deleteModel, listModels, saveModel } from './allocation/models.ts';
import { saveSleeves, sleeveViews } from './allocation/sleeves.ts';
import { listFxRates, setFxRate } from './household/fx.ts';
import { setSetting } from './settings.ts';
import { appInfo, type CoreOptions, type HealthyCore } from './options.ts';
import { openRecoverableCore, type RecoverableCore, type SafetyHandlers } from './safety.ts';
import { householdSummary } from './household/summary.ts';
import { PlanJobs } from './rebalance/jobs.ts';
import { deletePlan, getPlan, listPlans, markExecuted, namePlan } from './plans/store.ts';
import { planFollowUp } from './plans/followup.ts';
import { buildForPlan, planAndRecord, recordFinished, rerunPlan } from './plans/run.ts';
import { tradeListOf } from './plans/tradeList.ts';
import { listBatches, undoBatch } from './import/batches.ts';
import { ImportJobs } from './import/jobs.ts';
import { saveColumnMap } from './import/saved-mappings.ts';
import { importFromPaths } from './local.ts';
import { missingPricesFor } from './plans/run.ts';
import { importPriceFiles, pathSources, previewPriceFiles } from './prices/files.ts';
import { listPrices } from './prices/list.ts';
import { setPrice } from './prices/set.ts';
import { priceSettings, setPriceSettings } from './prices/settings.ts';
import { deleteAccount, listAccounts, mergeAccounts, updateAccount } from './accounts/index.ts';
import { backupNow } from './db/backup.ts';
import { importReadingFiles, readingPathSources } from './signals/files.ts';
import { deleteRule, getSignalHistory, listSignals, saveRule, saveSeries, setReading } from './signals/store.ts';

/**
 * Operations that never write through the core's connection: they run at once, even while another writer holds the
 * database (WAL readers never wait). Every other operation first awaits the write lock (dispatch.ts WriteGate).
 * commitImport, previewImport and importFiles write on connections of their own (import/pipeline.ts); the restores
 * and dataset imports hold the database themselves (restore.ts).
 */
const NO_WRITE_LOCK: ReadonlySet<OperationName> = new Set<OperationName>([
  'getAppInfo', 'getHouseholdSummary', 'startImportUpload', 'appendImportUpload', 'previewImport', 'getImportJob',
  'commitImport', 'listImportBatches', 'getAllocation', 'getAllocationHistory', 'listSleeves', 'listModels',
  'listClassifications', 'listAccountMenus', 'listFxRates', 'startPlan', 'getPlanJob', 'cancelPlan', 'listBackups',
  'backupNow', 'restoreBackup', 'exportDataset', 'startDatasetUpload', 'appendDatasetUpload', 'importDataset',
  'listPlans', 'getPlan', 'getPlanFollowUp', 'getTradeList',
  // local (contract/local.ts): importFiles writes on connections of its own, the rest as their counterparts above
  'importFiles', 'backupToFile', 'restoreFromFile', 'exportDatasetTo', 'importDatasetFrom', 'checkDatabase', 'planFromInput',
  // prices: the two imports read their files first, then take the write lock themselves (prices/files.ts)
  'listPrices', 'getMissingPrices', 'getPriceSettings', 'previewPriceFiles', 'importPriceFiles', 'importPriceFilePaths',
  // accounts: deleteAccount backs up first (VACUUM INTO runs outside any transaction), then takes the write lock
  'listAccounts', 'deleteAccount',
  // signals: the two imports read their files first, then take the write lock themselves (signals/files.ts)
  'listSignals', 'getSignalHistory', 'importReadings', 'importReadingPaths',
]);

/** What every door opens. A damaged database opens in the recovery state (safety.ts): `db` and `opened` then throw DB_CORRUPT. */
export type Core = RecoverableCore;

/** Checks the database first; a damaged one gives a core in the recovery state rather than an exception. */
export function openCore(options: CoreOptions): Core {
  return openRecoverableCore(options, openHealthyCore);
}

function openHealthyCore(options: CoreOptions, safety: SafetyHandlers, health: DatabaseHealthView): HealthyCore {
  const waiting = { onWaiting: options.onWaiting };
  const opened = openDatabase({ dataDir: options.dataDir, ...waiting });
  const { db } = opened;
  // An empty database may get the demo household: under the write lock (waiting for another writer; two Keels
  // starting together seed it once). Otherwise seedDemoOnFirstRun only reads.
  const empty = () => (db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n === 0;
  if (options.seedDemo !== false && empty()) writeSync(db, () => seedDemoOnFirstRun(db), waiting);

  const info = appInfo(options, opened, health);

  // Writes made after an import or a plan finishes wait for the write lock without blocking the event loop.
  const snapshot = (batchId: number) => write(db, () => recordAllocation(db, batchId), waiting);
  const imports = new ImportJobs(options.dataDir, opened.path, snapshot);
  // Price files the renderer uploaded into the import's store (prices/files.ts reads them from there).
  const uploadedPrices = (files: { uploadId: string; symbol?: string | undefined }[]) =>
    files.map((f) => ({ source: f.uploadId, name: imports.upload(f.uploadId).name, path: imports.upload(f.uploadId).file, symbol: f.symbol }));
  // startPlan: the household is read here, the search runs in a worker, and every finished plan is recorded.
  const planJobs = new PlanJobs({
    build: (request) => buildForPlan(db, request),
    finish: (request, built, plan) => write(db, () => recordFinished(db, request, built, plan), waiting),
  });
  const gate: WriteGate = {
    writes: (operation) => !NO_WRITE_LOCK.has(operation),
    run: (call) => write(db, call, waiting),
    busy: () => busyError(opened.path, BUSY_TIMEOUT_MS),
  };

  const dispatch = createDispatcher(
    {
      // In the order of the contract's slices (shared/contract/*.ts).
      getAppInfo: () => info,
      // household
      getHouseholdSummary: () => householdSummary(db),
      loadDemo: () => loadDemo(db),
      clearDemo: () => clearDemo(db),
      listFxRates: () => listFxRates(db),
      setFxRate: ({ currency, rate, asOf }) => setFxRate(db, currency, rate, asOf ?? null, 'user'),
      // accounts
      listAccounts: () => listAccounts(db),
      updateAccount: ({ id, ...changes }) => updateAccount(db, id, changes),
      mergeAccounts: ({ from, into }) => mergeAccounts(db, from, into),
      deleteAccount: ({ id }) => deleteAccount(db, id, { backup: () => backupNow(db, options.dataDir, { kind: 'manual' }), write: (fn) => write(db, fn, waiting) }),
      // import
      startImportUpload: ({ name, size, encoding }) => imports.startUpload(name, size, encoding),
      appendImportUpload: ({ uploadId, chunk }) => imports.append(uploadId, chunk),
      previewImport: ({ uploadIds, asOf }) => imports.preview(uploadIds, asOf),
      getImportJob: ({ jobId }) => imports.get(jobId),
      commitImport: ({ jobId, asOf, accounts, acceptMismatch }) => imports.commit(jobId, asOf, accounts ?? [], acceptMismatch),
      listImportBatches: () => listBatches(db),
      saveColumnMap: ({ signature, map }) => saveColumnMap(db, signature, map),
      undoImportBatch: ({ batchId }) => undoBatch(db, batchId),
      // allocation
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
      // plans: planHousehold and startPlan record every plan they finish (planId)
      planHousehold: (request) => planAndRecord(db, request),
      startPlan: (request) => planJobs.start(request),
      getPlanJob: ({ jobId }) => planJobs.get(jobId),
      cancelPlan: ({ jobId }) => planJobs.cancel(jobId),
      listPlans: ({ status }) => listPlans(db, status),
      getPlan: ({ id }) => getPlan(db, id),
      savePlan: ({ id, name }) => namePlan(db, id, name),
      deletePlan: ({ id }) => deletePlan(db, id),
      markPlanExecuted: ({ id }) => markExecuted(db, id),
      rerunPlan: ({ id }) => rerunPlan(db, id),
      getPlanFollowUp: ({ id }) => planFollowUp(db, id),
      getTradeList: ({ id }) => tradeListOf(db, id),
      // prices: price files share the import's upload store (one drop zone); an import is all or nothing
      listPrices: () => listPrices(db),
      setPrice: (input) => setPrice(db, input),
      getMissingPrices: ({ model, symbols }) => missingPricesFor(db, model, symbols),
      previewPriceFiles: ({ files }) => previewPriceFiles(db, uploadedPrices(files)),
      importPriceFiles: async ({ files }) => {
        const views = await importPriceFiles(db, uploadedPrices(files), (fn) => write(db, fn, waiting));
        if (views.every((v) => v.status === 'imported')) imports.discard(files.map((f) => f.uploadId));
        return views;
      },
      getPriceSettings: () => priceSettings(db),
      setPriceSettings: ({ staleDays }) => setPriceSettings(db, staleDays),
      // signals: readings files share the import's upload store too; an import is all or nothing
      listSignals: () => listSignals(db),
      getSignalHistory: ({ series }) => getSignalHistory(db, series),
      setReading: (input) => setReading(db, input),
      saveSeries: (input) => saveSeries(db, input),
      importReadings: async ({ files }) => {
        const sources = files.map((f) => ({ source: f.uploadId, name: imports.upload(f.uploadId).name, path: imports.upload(f.uploadId).file, series: f.series }));
        const views = await importReadingFiles(db, sources, (fn) => write(db, fn, waiting));
        if (views.every((v) => v.status === 'imported')) imports.discard(files.map((f) => f.uploadId));
        return views;
      },
      saveRule: (input) => saveRule(db, input),
      deleteRule: ({ id }) => deleteRule(db, id),
      // data safety (safety.ts; the same handlers serve the recovery state), and the local door's paths
      ...safety,
      importFiles: ({ paths, dryRun, asOf, acceptMismatch }) => importFromPaths(paths, { dbPath: opened.path, dryRun: dryRun ?? false, asOf, acceptMismatch, onImported: snapshot, ...waiting }),
      importPriceFilePaths: ({ paths, symbol }) => importPriceFiles(db, pathSources(paths, symbol), (fn) => write(db, fn, waiting)),
      importReadingPaths: ({ paths, series }) => importReadingFiles(db, readingPathSources(paths, series), (fn) => write(db, fn, waiting)),
    },
    options.onInternalError,
    gate,
  );

  return {
    dispatch,
    info,
    db,
    opened,
    close: () => {
      imports.dispose();
      planJobs.dispose();
      db.close();
    },
  };
}

export type { CoreOptions } from './options.ts';
export { CoreError } from './errors.ts';
export { resolveDataDir, databasePath } from './paths.ts';
