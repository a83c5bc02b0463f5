// The core stays Electron- and React-free: the ESLint boundary rule must flag it, and nothing in the tree breaks it.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture boundary (ESLint)', () => {
  it.each([
    ["import { app } from 'electron';", 'src/main/core/db/fixture.ts'],
    ["import { ipcRenderer } from 'electron/renderer';", 'src/main/core/fixture.ts'],
    ["import React from 'react';", 'src/main/core/report/fixture.ts'],
    ["import { createRoot } from 'react-dom/client';", 'src/main/web/fixture.ts'],
    ["import { BrowserWindow } from 'electron';", 'src/main/cli/fixture.ts'],
    ["import { BrowserWindow } from 'electron';", 'src/shared/fixture.ts'],
    ["import { window } from '../electron/window.ts';", 'src/main/core/fixture.ts'],
    ["import { openCore } from '../../main/core/index.ts';", 'src/renderer/src/fixture.ts'],
    ["import fs from 'node:fs';", 'src/renderer/src/fixture.ts'],
  ])('flags %s in %s', async (code, filePath) => {
    expect((await restrictedImportErrors(code, filePath)).length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["import { app } from 'electron';", 'src/main/electron/fixture.ts'],
    ["import { app } from 'electron';", 'src/main/index.ts'],
    ["import { contextBridge } from 'electron';", 'src/preload/fixture.ts'],
    ["import { useState } from 'react';", 'src/renderer/src/fixture.tsx'],
  ])('allows %s in %s', async (code, filePath) => {
    expect(await restrictedImportErrors(code, filePath)).toEqual([]);
  });
});
