// The rebalancing planner (issue 5): pure core, no Electron, no database.
export { parsePlanInput, planInputSchema, PlanInputError, SUPPORTED_MODES, FRACTIONAL_STEP, DEFAULT_TIME_LIMIT_MS } from './types.ts';
export type { PlanInput, PlanInputJson, PlanOutput, PlanTrade, PlanTradeLot, PlanMode, PlanAccount, PlanSecurity, PlanPosition, PlanModel, PlanOptions, Lot } from './types.ts';
export { planRebalance, planFromJson, planWithStats, greedyPlan, renderPlan, PlanVerificationError } from './plan.ts';
export type { PlanStats } from './plan.ts';
export { verifyPlan, objectiveFor } from './verify.ts';
export type { VerifyResult } from './verify.ts';
export { buildProblem, CASH_SLEEVE, OTHER_SLEEVE, DEFAULT_TAX } from './problem.ts';
export type { Problem, TaxModel } from './problem.ts';
export { pickLots, orderLots, isShortTerm } from './lots.ts';
export { resolvePinned, sleeveBands, frozenInBand } from './modes/rules.ts';
export type { ResolvedPin, SleeveBand } from './modes/rules.ts';
export type { PinnedTrade } from './types.ts';
