// Readings files as every Keel import reads them: the layouts, FRED's gaps, and hostile input refused.
import { describe, expect, it } from 'vitest';
import { ImportError } from '../import/errors.ts';
import { parseReadingsFile } from './parse.ts';

const TODAY = { today: '2026-11-20' };
const refused = async (text: string | Uint8Array, file = 'f.csv', series?: string): Promise<ImportError> => {
  try {
    await parseReadingsFile(text, file, { ...TODAY, series });
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('readings files', () => {
  it('reads FRED (either header), sorts by date, and a later row of one date replaces the earlier', async () => {
    const p = await parseReadingsFile('DATE,VIXCLS\r\n2026-11-03,17.5\r\n2026-11-02,18\r\n2026-11-03,17.25\r\n', 'VIXCLS.csv', TODAY);
    expect(p).toMatchObject({ layout: 'fred', fredId: 'VIXCLS', series: 'vix', yoy: false, read: 3 });
    expect(p.readings).toEqual([
      { date: '2026-11-02', valueMicro: 18_000_000n },
      { date: '2026-11-03', valueMicro: 17_250_000n },
    ]);
  });

  it('--series wins over the id; cpi from another series stays as given (no YoY)', async () => {
    const p = await parseReadingsFile('observation_date,CPIAUCSL\n2026-10-01,324.368\n', 'x.csv', { ...TODAY, series: 'cpi-index' });
    expect([p.series, p.yoy, p.readings]).toEqual(['cpi-index', false, [{ date: '2026-10-01', valueMicro: 324_368_000n }]]);
    const g = await parseReadingsFile('Date,Value\n2026-10-01,-0.25\n', 'g.csv', { ...TODAY, series: 'cpi' });
    expect([g.layout, g.yoy, g.readings[0]!.valueMicro]).toEqual(['generic', false, -250_000n]);
  });

  it('refuses a file that is no readings file, a bad cell, a binary file, and a file of only gaps', async () => {
    expect((await refused('Symbol,Price\nVTI,3\n')).reason).toBe('UNKNOWN_LAYOUT');
    const bad = await refused('observation_date,UNRATE\n2026-09-01,4.3\n2026-10-01,=cmd|calc\n', 'UNRATE.csv');
    expect([bad.line, bad.column, bad.reason]).toEqual([3, 2, 'BAD_NUMBER']);
    const date = await refused('observation_date,UNRATE\n10/32/2026,4.3\n');
    expect([date.line, date.column, date.reason]).toEqual([2, 1, 'BAD_DATE']);
    const huge = await refused('Date,Value\n2026-10-01,1000000000000\n', 'h.csv', 'vix');
    expect([huge.line, huge.column]).toEqual([2, 2]);
    expect((await refused(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0xfe, 0]))).reason).toMatch(/NOT_CSV|UNKNOWN_LAYOUT/);
    expect((await refused('observation_date,UNRATE\n2026-10-01,.\n')).reason).toBe('NO_DATA');
    expect((await refused('')).reason).toBe('EMPTY');
  });
});
