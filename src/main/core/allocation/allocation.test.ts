// The demo household seen through the 2026 Rotation model, computed exactly.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { ok, openTestCore } from '../../../../tests/support/core.ts';
import { dec } from '../money.ts';

describe('allocation of the demo household', () => {
  it('per sleeve, against the active 2026 Rotation model, with drift and band status', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const a = await ok(core.api.getAllocation({}));
    expect(a.model).toMatchObject({ name: '2026 Rotation', bandRule: 'either' });
    expect(a.total).toBe('312974.55');
    // Small-cap: IWM 120 + 40 shares × 248.12 = 39,699.20
    // Cyclicals: XLI 9,081 + XLF 7,977 + CAT 7,692 + KRE 5,180 + TSLA 10,052.50 + DE 8,974.80 + XLB 6,594 + NUE 6,330 + FCX 5,748 + LEN 3,943.50
    // Value: VTV 29,824 + half of RSP 26,972.40 = 43,310.20; Large-cap growth: QQQ 64,302 + AAPL 21,717 + NVDA 20,190.50 + half of RSP
    const expected: Record<string, [string, string]> = {
      'Small-cap': ['39699.20', 'under'],
      Cyclicals: ['71572.80', 'in'],
      Value: ['43310.20', 'under'],
      'Large-cap growth': ['119695.70', 'over'],
      Bonds: ['22236.00', 'over'], // 7.10% against 0 ± 5 pp
      Cash: ['16460.65', 'over'], // SWVXX 12,500 + uninvested 3,960.65: 5.26% against a 0 target ± 5 pp
    };
    expect(Object.fromEntries(a.sleeves.map((s) => [s.sleeve, [s.value, s.status]]))).toEqual(expected);
    const sum = a.sleeves.reduce((t, s) => t.plus(s.value), dec(0));
    expect(sum.toFixed(2)).toBe(a.total); // nothing dropped
    const small = a.sleeves.find((s) => s.sleeve === 'Small-cap');
    expect(small).toMatchObject({ currentPct: dec('39699.20').div('312974.55').times(100).toDecimalPlaces(4).toFixed(), targetPct: '30', bandLowPct: '25', bandHighPct: '35' });
    expect(a.unclassified).toEqual([]);
    expect(a.accounts.map((x) => x.name)).toEqual(['Demo Taxable Brokerage', 'Demo Traditional IRA', 'Demo Roth IRA']);
  });

  it('a split fund counts in each sleeve by weight', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    await ok(core.api.setClassification({ symbol: 'QQQ', sleeves: { 'Large-cap growth': '60', Value: '40' } }));
    const a = await ok(core.api.getAllocation({}));
    // QQQ 105 shares × 612.40 = 64,302 → 38,581.20 growth + 25,720.80 value
    expect(a.sleeves.find((s) => s.sleeve === 'Value')?.value).toBe(dec('43310.20').plus('25720.80').toFixed(2));
    expect(a.sleeves.find((s) => s.sleeve === 'Large-cap growth')?.value).toBe(dec('119695.70').minus('25720.80').toFixed(2));
  });

  it('the Cyclicals setting moves industrials out under Morningstar', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    await ok(core.api.setCyclicals({ cyclicals: 'morningstar' }));
    const a = await ok(core.api.getAllocation({}));
    // XLI 9,081 + CAT 7,692 + DE 8,974.80 leave Cyclicals for Value
    expect(a.sleeves.find((s) => s.sleeve === 'Cyclicals')?.value).toBe(dec('71572.80').minus('25747.80').toFixed(2));
    expect(a.cyclicals).toBe('morningstar');
  });

  it('unclassified holdings are listed, not dropped; classifying one moves it into its sleeve', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    core.db.prepare("UPDATE securities SET symbol = 'ZZQX', name = 'Mystery Holdings Corp', asset_type = 'stock' WHERE symbol = 'NUE'").run();
    let a = await ok(core.api.getAllocation({}));
    expect(a.unclassified).toEqual([expect.objectContaining({ symbol: 'ZZQX', value: '6330.00', currentPct: '2.0225' })]);
    expect(a.total).toBe('312974.55');
    const list = await ok(core.api.listClassifications({}));
    expect(list[0]).toMatchObject({ symbol: 'ZZQX', sleeves: null, source: null });
    await ok(core.api.setClassification({ symbol: 'zzqx', sleeves: { Value: '100' } }));
    a = await ok(core.api.getAllocation({}));
    expect(a.unclassified).toEqual([]);
    expect(a.sleeves.find((s) => s.sleeve === 'Value')?.value).toBe('49640.20');
  });
});

describe('target models', () => {
  it('ship with the presets; 2026 Rotation is active with 30/20/20 and the rest the user\'s', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const models = await ok(core.api.listModels({}));
    expect(models.map((m) => [m.name, m.active])).toEqual([
      ['2026 Rotation', true],
      ['Classic 60/40', false],
      ['Three-fund', false],
    ]);
    expect(models[0]?.targets.map((t) => [t.sleeve, t.targetPct, t.absolutePp, t.relativePct])).toEqual([
      ['Small-cap', '30', '5', '25'],
      ['Cyclicals', '20', '5', '25'],
      ['Value', '20', '5', '25'],
      ['Large-cap growth', '30', '5', '25'],
    ]);
  });

  it('refuses targets that do not sum to exactly 100, naming the difference', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const r = await core.api.saveModel({ name: 'Mine', bandRule: 'wider', targets: [{ sleeve: 'Small-cap', targetPct: '30' }, { sleeve: 'Value', targetPct: '69.5' }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Targets add up to 99.5%, 0.5 short of 100%.' } });
    const over = await core.api.saveModel({ name: 'Mine', bandRule: 'wider', targets: [{ sleeve: 'Small-cap', targetPct: '30' }, { sleeve: 'Value', targetPct: '71' }] });
    expect(over).toMatchObject({ ok: false, error: { message: 'Targets add up to 101%, 1 over 100%.' } });
    expect(await core.api.saveModel({ name: 'Mine', bandRule: 'wider', targets: [{ sleeve: 'Nope', targetPct: '100' }] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await core.api.saveModel({ name: '2026 rotation', bandRule: 'wider', targets: [{ sleeve: 'Value', targetPct: '100' }] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await ok(core.api.listModels({}))).map((m) => m.name)).not.toContain('Mine');
  });

  it('stores no row for a 0% target with the default bands (the model editor leaves it out by the same rule)', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const saved = await ok(
      core.api.saveModel({
        name: 'Mine',
        bandRule: 'either',
        targets: [
          { sleeve: 'Value', targetPct: '100' },
          { sleeve: 'Small-cap', targetPct: '0', absolutePp: '5.0', relativePct: '25' },
          { sleeve: 'Bonds', targetPct: '0', absolutePp: '3' },
        ],
        preferred: { Value: [' vtv '] },
      }),
    );
    expect(saved.targets.map((t) => [t.sleeve, t.targetPct, t.absolutePp])).toEqual([
      ['Value', '100', '5'],
      ['Bonds', '0', '3'],
    ]);
    expect(saved.preferred).toEqual({ Value: ['VTV'] });
  });

  it('editing the active model changes the allocation\'s targets and statuses; preferred buys are kept', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const rotation = (await ok(core.api.listModels({})))[0]!;
    const saved = await ok(
      core.api.saveModel({
        id: rotation.id,
        name: rotation.name,
        bandRule: 'either',
        targets: [
          { sleeve: 'Small-cap', targetPct: '30' },
          { sleeve: 'Cyclicals', targetPct: '20' },
          { sleeve: 'Value', targetPct: '20' },
          { sleeve: 'Large-cap growth', targetPct: '20' },
          { sleeve: 'Bonds', targetPct: '10' },
        ],
        preferred: { 'Small-cap': ['IWM'], Cyclicals: ['XLI', 'XLF'], Value: ['VTV'] },
      }),
    );
    expect(saved.preferred).toEqual({ 'Small-cap': ['IWM'], Cyclicals: ['XLI', 'XLF'], Value: ['VTV'] });
    const a = await ok(core.api.getAllocation({}));
    expect(a.sleeves.find((s) => s.sleeve === 'Bonds')).toMatchObject({ targetPct: '10', bandLowPct: '7.5', status: 'under' }); // 7.1 % vs 10 ± 2.5
    expect(a.sleeves.find((s) => s.sleeve === 'Large-cap growth')).toMatchObject({ targetPct: '20', status: 'over' });
    expect(await core.api.getAllocation({ model: 'Classic 60/40' })).toMatchObject({ ok: true, value: { model: { name: 'Classic 60/40' } } });
    expect(await core.api.getAllocation({ model: 'Nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('one model is active at a time; the active one cannot be deleted', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const [rotation, classic] = await ok(core.api.listModels({}));
    await ok(core.api.activateModel({ id: classic!.id }));
    expect((await ok(core.api.listModels({}))).filter((m) => m.active).map((m) => m.name)).toEqual(['Classic 60/40']);
    expect(await core.api.deleteModel({ id: classic!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await ok(core.api.deleteModel({ id: rotation!.id }))).toEqual({ deleted: rotation!.id });
  });
});

describe('sleeves', () => {
  it('rename, add, reorder and remove in one save; reference data follows a renamed sleeve', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const sleeves = await ok(core.api.listSleeves({}));
    const renamed = sleeves.map((s) => ({ id: s.id, name: s.name === 'Small-cap' ? 'Small caps' : s.name })).filter((s) => s.name !== 'Other');
    const saved = await ok(core.api.saveSleeves({ sleeves: [...renamed, { name: 'Crypto' }] }));
    expect(saved.map((s) => s.name)).toEqual(['Small caps', 'Cyclicals', 'Value', 'Large-cap growth', 'International', 'Bonds', 'Cash', 'Crypto']);
    const a = await ok(core.api.getAllocation({}));
    expect(a.sleeves.find((s) => s.sleeve === 'Small caps')).toMatchObject({ value: '39699.20', targetPct: '30' });
    expect(await core.api.saveSleeves({ sleeves: [{ name: 'A' }, { name: 'a' }] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // International is in the Three-fund preset at 32%: removing it would leave that model at 68%
    const withoutIntl = saved.filter((s) => s.name !== 'International').map((s) => ({ id: s.id, name: s.name }));
    expect(await core.api.saveSleeves({ sleeves: withoutIntl })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'International has targets in Three-fund; set those to 0 (and give the share to other sleeves) before removing it.' },
    });
    expect((await ok(core.api.listSleeves({}))).map((s) => s.name)).toContain('International');
  });
});

describe('account buy lists', () => {
  it('a 401(k)-style menu is stored per account, normalised; an empty list means anything', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const menus = await ok(core.api.listAccountMenus({}));
    expect(menus.map((m) => [m.name, m.symbols])).toEqual([
      ['Demo Taxable Brokerage', []],
      ['Demo Traditional IRA', []],
      ['Demo Roth IRA', []],
    ]);
    const ira = menus[1]!;
    expect(await ok(core.api.setAccountMenu({ accountId: ira.accountId, symbols: ['vtv', 'BND', 'fxaix', 'VTV'] }))).toEqual({
      accountId: ira.accountId,
      name: 'Demo Traditional IRA',
      symbols: ['BND', 'FXAIX', 'VTV'],
    });
    expect((await ok(core.api.listAccountMenus({})))[1]?.symbols).toEqual(['BND', 'FXAIX', 'VTV']);
    expect(await core.api.setAccountMenu({ accountId: 999, symbols: [] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
