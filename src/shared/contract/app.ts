// The running Keel itself.
import type { AppInfo } from '../types.ts';
import { noInput, op } from './op.ts';

export const appOperations = {
  getAppInfo: op<AppInfo>()(noInput),
} as const;
