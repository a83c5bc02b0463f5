// The import as the UI drives it through the contract: chunked upload, background preview with progress,
// commit with the user's tax treatments, history, undo.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportFileView, ImportJobView } from '../../../../shared/contract.ts';
import { tempDir } from '../../../../../tests/support/tmp.ts';
import { ok, openTestCore } from '../../../../../tests/support/core.ts';
import type { Core } from '../../index.ts';
import { markSameNewAccounts } from '../jobs.ts';
import { OWN } from './helpers.ts';

async function upload(c: Core, file: string, chunkSize = 97): Promise<string> {
  const text = fs.readFileSync(file, 'utf8');
  const { uploadId } = await ok(c.api.startImportUpload({ name: path.basename(file), size: Buffer.byteLength(text) }));
  for (let i = 0; i < text.length; i += chunkSize) await ok(c.api.appendImportUpload({ uploadId, chunk: text.slice(i, i + chunkSize) }));
  return uploadId;
}

async function settle(c: Core, jobId: string): Promise<ImportJobView> {
  for (;;) {
    const job = await ok(c.api.getImportJob({ jobId }));
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('import through the contract', () => {
  it('upload in chunks → preview → commit with the chosen tax treatment → undo', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'web', seedDemo: false });
    const c = core;
    const schwab = await upload(c, path.join(OWN, 'schwab/Individual-Positions-2026-07-16.csv'));
    const fidelity = await upload(c, path.join(OWN, 'fidelity/Portfolio_Positions_Apr-12-2026.csv'));
    const { jobId } = await ok(c.api.previewImport({ uploadIds: [schwab, fidelity] }));
    const preview = await settle(c, jobId);
    expect(preview).toMatchObject({ phase: 'preview', state: 'done' });
    expect(preview.progress.bytesRead).toBe(preview.progress.totalBytes);
    expect(preview.files.map((f) => [f.file, f.status, f.broker])).toEqual([
      ['Individual-Positions-2026-07-16.csv', 'previewed', 'schwab'],
      ['Portfolio_Positions_Apr-12-2026.csv', 'previewed', 'fidelity'],
    ]);
    expect(preview.files[0]?.accounts[0]).toMatchObject({ total: '6487.38', fileTotal: '6487.38', reconciled: true });
    expect((await ok(c.api.getHouseholdSummary({}))).accounts).toHaveLength(0);

    await ok(
      c.api.commitImport({
        jobId,
        accounts: [{ file: 'Individual-Positions-2026-07-16.csv', key: '...920', taxTreatment: 'tax-deferred', name: 'Schwab Rollover' }],
      }),
    );
    const done = await settle(c, jobId);
    expect(done.files.map((f) => f.status)).toEqual(['imported', 'imported']);
    const s = await ok(c.api.getHouseholdSummary({}));
    expect(s.accounts.map((a) => [a.name, a.taxTreatment])).toEqual([
      ['Schwab Rollover', 'tax-deferred'],
      ['Fidelity Individual', 'taxable'],
      ['Fidelity ROTH IRA', 'tax-free'],
    ]);
    // 6,487.38 + 12,053.19 + 7,482.22: the Roth's 14 QQQ at Schwab's newer price (512.30 on 2026-07-16, not
    // Fidelity's 505.10 of 2026-04-12): a holding is valued at the latest price Keel has (household/valuation.ts).
    expect(s.total).toBe('26022.79');

    const batches = await ok(c.api.listImportBatches({}));
    expect(batches.map((b) => [b.fileName, b.counts.positions])).toEqual([
      ['Portfolio_Positions_Apr-12-2026.csv', 6], // VTV, XLI, SPAXX, an option; QQQ, FZFXX
      ['Individual-Positions-2026-07-16.csv', 3],
    ]);
    for (const b of batches) await ok(c.api.undoImportBatch({ batchId: b.id }));
    expect(await ok(c.api.getHouseholdSummary({}))).toMatchObject({ total: '0.00', accounts: [] });
    expect(await c.api.undoImportBatch({ batchId: 9999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a file that is not a CSV previews as failed with its reason, and cannot be committed into anything', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'web', seedDemo: false });
    const c = core;
    const { uploadId } = await ok(c.api.startImportUpload({ name: 'photo.csv', size: 5 }));
    await ok(c.api.appendImportUpload({ uploadId, chunk: '\u0000\u0001PNG' }));
    const { jobId } = await ok(c.api.previewImport({ uploadIds: [uploadId] }));
    const job = await settle(c, jobId);
    expect(job.files[0]).toMatchObject({ status: 'failed', errors: [expect.objectContaining({ code: 'NOT_CSV', line: 1 })] });
    await ok(c.api.commitImport({ jobId }));
    expect((await settle(c, jobId)).files.map((f) => f.status)).toEqual(['failed']);
    expect(await ok(c.api.listImportBatches({}))).toEqual([]);
  });

  it('another Keel opening the same data folder (a CLI command) leaves this one\'s uploads alone', async () => {
    const dir = tempDir();
    const core = openTestCore({ dataDir: dir, door: 'web', seedDemo: false });
    const { uploadId } = await ok(core.api.startImportUpload({ name: 'a.csv', size: 1 }));
    openTestCore({ dataDir: dir, door: 'cli', seedDemo: false }).close();
    expect(await core.api.appendImportUpload({ uploadId, chunk: 'x' })).toEqual({ ok: true, value: { received: 1 } });
  });

  it('commit is refused before the preview finished or for an unknown job', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'web', seedDemo: false });
    expect(await core.api.commitImport({ jobId: 'nonexistent-job' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.api.appendImportUpload({ uploadId: 'nonexistent-upload', chunk: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('two files with the same name are told apart: each keeps its own account choices', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'web', seedDemo: false });
    const c = core;
    const first = await upload(c, path.join(OWN, 'schwab/Individual-Positions-2026-07-16.csv'));
    const copy = path.join(tempDir(), 'Individual-Positions-2026-07-16.csv');
    fs.copyFileSync(path.join(OWN, 'fidelity/Portfolio_Positions_Apr-12-2026.csv'), copy);
    const second = await upload(c, copy);
    const { jobId } = await ok(c.api.previewImport({ uploadIds: [first, second] }));
    const preview = await settle(c, jobId);
    expect(preview.files.map((f) => [f.file, f.broker])).toEqual([
      ['Individual-Positions-2026-07-16.csv', 'schwab'],
      ['Individual-Positions-2026-07-16 (2).csv', 'fidelity'],
    ]);
    const fidelityKey = preview.files[1]?.accounts[0]?.key as string;
    await ok(c.api.commitImport({ jobId, accounts: [{ file: 'Individual-Positions-2026-07-16 (2).csv', key: fidelityKey, name: 'Fidelity, renamed' }] }));
    const done = await settle(c, jobId);
    expect(done.files.map((f) => f.status)).toEqual(['imported', 'imported']);
    const names = (await ok(c.api.getHouseholdSummary({}))).accounts.map((a) => a.name);
    expect(names).toContain('Fidelity, renamed');
    expect(names.filter((n) => n === 'Fidelity, renamed')).toHaveLength(1);
  });
});

describe('a new account seen by two files of one preview', () => {
  it('is marked as the one the earlier file opens (same broker and number, else name)', () => {
    const account = (number: string, name: string, match: { id: number; name: string } | null = null) =>
      ({ key: number || name, name, number, match }) as unknown as ImportFileView['accounts'][number];
    const positions = { file: 'Positions.csv', broker: 'schwab', accounts: [account('...920', 'Individual'), account('', 'Roth')] } as unknown as ImportFileView;
    const lots = { file: 'Lots.csv', broker: 'schwab', accounts: [account('...920', 'Individual'), account('...555', 'Joint'), account('', 'Roth')] } as unknown as ImportFileView;
    const other = { file: 'Fidelity.csv', broker: 'fidelity', accounts: [account('...920', 'Individual')] } as unknown as ImportFileView;
    markSameNewAccounts([positions], lots);
    markSameNewAccounts([positions, lots], other);
    expect(lots.accounts.map((a) => a.sameAsIn)).toEqual(['Positions.csv', undefined, 'Positions.csv']);
    expect(other.accounts[0]?.sameAsIn).toBeUndefined();
    // An account Keel already has is matched, not marked.
    const again = { file: 'Again.csv', broker: 'schwab', accounts: [account('...920', 'Individual', { id: 3, name: 'Individual' })] } as unknown as ImportFileView;
    markSameNewAccounts([positions], again);
    expect(again.accounts[0]?.sameAsIn).toBeUndefined();
  });
});
