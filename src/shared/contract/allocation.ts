// Sleeves, target models, classifications, account menus, and the allocation they give.
import { z } from 'zod';
import {
  BAND_RULES,
  CYCLICALS_SETTINGS,
  type AllocationHistoryPoint,
  type AllocationView,
  type ClassificationView,
  type CyclicalsSetting,
  type ModelView,
  type SleeveView,
} from '../types.ts';
import { noInput, op, percent, rowId } from './op.ts';

export const allocationOperations = {
  getAllocation: op<AllocationView>()(z.strictObject({ model: z.string().min(1).max(120).optional() })),
  getAllocationHistory: op<AllocationHistoryPoint[]>()(noInput),
  listSleeves: op<SleeveView[]>()(noInput),
  /** The whole sleeve list in its new order: rename by id, add without id, remove by leaving out. */
  saveSleeves: op<SleeveView[]>()(
    z.strictObject({
      sleeves: z
        .array(z.strictObject({ id: rowId.optional(), name: z.string().trim().min(1).max(60) }))
        .min(1)
        .max(40),
    }),
  ),
  listModels: op<ModelView[]>()(noInput),
  saveModel: op<ModelView>()(
    z.strictObject({
      id: rowId.optional(),
      name: z.string().trim().min(1).max(120),
      bandRule: z.enum(BAND_RULES),
      targets: z
        .array(
          z.strictObject({
            sleeve: z.string().min(1).max(60),
            targetPct: percent,
            absolutePp: percent.optional(),
            relativePct: percent.optional(),
          }),
        )
        .max(40),
      preferred: z.record(z.string().min(1).max(60), z.array(z.string().min(1).max(64)).max(20)).optional(),
    }),
  ),
  activateModel: op<ModelView>()(z.strictObject({ id: rowId })),
  deleteModel: op<{ deleted: number }>()(z.strictObject({ id: rowId })),
  listClassifications: op<ClassificationView[]>()(noInput),
  /** Sets (or with `sleeves: null`, removes) the user's own classification of a symbol: weights in percent summing to 100. */
  setClassification: op<ClassificationView>()(
    z.strictObject({
      // Option symbols from broker files run long ("XLI 08/21/2026 140.00 C").
      symbol: z.string().trim().min(1).max(64),
      sleeves: z.record(z.string().min(1).max(60), percent).nullable(),
    }),
  ),
  /** What each account can buy (a 401(k) menu); an account with no list can buy anything. */
  listAccountMenus: op<{ accountId: number; name: string; symbols: string[] }[]>()(noInput),
  setAccountMenu: op<{ accountId: number; name: string; symbols: string[] }>()(
    z.strictObject({ accountId: rowId, symbols: z.array(z.string().trim().min(1).max(64)).max(500) }),
  ),
  setCyclicals: op<{ cyclicals: CyclicalsSetting }>()(z.strictObject({ cyclicals: z.enum(CYCLICALS_SETTINGS) })),
} as const;
