// The Electron door for real, short of Electron itself: the real preload, the real IPC handlers and the real core
// (a database in a temp folder), joined by an in-memory IPC bus that copies payloads the way Electron's structured
// clone does. What the renderer calls is parsed by the contract and answered by the core; a malformed payload
// answers VALIDATION and changes nothing; a foreign frame never reaches the core.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/tmp.ts';

const bus = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  exposed: new Map<string, unknown>(),
  senderUrl: 'app://keel/index.html',
}));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => bus.handlers.set(channel, fn),
    removeHandler: (channel: string) => bus.handlers.delete(channel),
  },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      const handler = bus.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Electron serialises both ways; so does this bus (functions and prototypes do not survive).
      return structuredClone(await handler({ senderFrame: { url: bus.senderUrl } }, structuredClone(input)));
    },
  },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => bus.exposed.set(key, value) },
}));

import type { ClassificationView, HouseholdSummary, KeelApi, Result } from '../../src/shared/contract.ts';
import { openCore, type Core } from '../../src/main/core/index.ts';
import { registerIpcHandlers } from '../../src/main/electron/ipc.ts';

let core: Core;
let unregister: () => void;
let keel: KeelApi;

beforeAll(async () => {
  core = openCore({ dataDir: tempDir('keel-ipc-'), door: 'electron', dailyBackup: false });
  unregister = registerIpcHandlers(core.dispatch);
  await import('../../src/preload/index.ts');
  keel = bus.exposed.get('keel') as KeelApi;
});

afterAll(() => {
  unregister();
  core.close();
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('window.keel → IPC → the core', () => {
  it('answers from the real database: the app info and the demo household', async () => {
    const info = value(await keel.getAppInfo({}));
    expect(info).toMatchObject({ name: 'Keel', door: 'electron', health: { state: 'ok' } });
    expect(info.schemaVersion).toBeGreaterThan(0);
    const summary = value(await keel.getHouseholdSummary({})) as HouseholdSummary;
    // The same answer the core gives directly: nothing is lost or reshaped on the way.
    expect(summary).toEqual(value((await core.dispatch('getHouseholdSummary', {})) as Result<HouseholdSummary>));
    expect(summary.accounts.length).toBe(3);
  });

  it('writes through the contract: a classification set from the window is the one the core lists', async () => {
    const set = value(await keel.setClassification({ symbol: 'QQQ', sleeves: { 'Large-cap growth': '80', Value: '20' } }));
    expect(set.symbol).toBe('QQQ');
    const listed = value(await keel.listClassifications({})) as ClassificationView[];
    expect(listed.find((c) => c.symbol === 'QQQ')).toEqual(set);
  });

  it('refuses malformed payloads with VALIDATION and changes nothing', async () => {
    const before = JSON.stringify(value(await keel.listClassifications({})));
    const bad: unknown[] = [
      { symbol: 42, sleeves: null },
      { symbol: 'VT', sleeves: { Value: '100' }, extra: 'field' },
      { symbol: '', sleeves: null },
      { symbol: 'VT', sleeves: { Value: 'a lot' } },
      'not an object',
      null,
    ];
    for (const payload of bad) {
      const r = await (keel.setClassification as (p: unknown) => Promise<Result<unknown>>)(payload);
      expect(r.ok, JSON.stringify(payload)).toBe(false);
      expect(!r.ok && r.error.code, JSON.stringify(payload)).toBe('VALIDATION');
    }
    expect(JSON.stringify(value(await keel.listClassifications({})))).toBe(before);
  });

  it('a frame that is not Keel’s own gets FORBIDDEN and the core is never asked', async () => {
    const before = JSON.stringify(value(await keel.listClassifications({})));
    bus.senderUrl = 'https://evil.example/';
    try {
      const r = await keel.setClassification({ symbol: 'VT', sleeves: null });
      expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    } finally {
      bus.senderUrl = 'app://keel/index.html';
    }
    expect(JSON.stringify(value(await keel.listClassifications({})))).toBe(before);
  });
});
