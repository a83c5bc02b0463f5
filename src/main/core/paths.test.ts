import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './paths.ts';

describe('resolveDataDir', () => {
  it('matches Electron userData for an app named Keel on each platform', () => {
    expect(resolveDataDir({ platform: 'linux', home: '/home/ann', env: {} })).toBe('/home/ann/.config/Keel');
    expect(resolveDataDir({ platform: 'linux', home: '/home/ann', env: { XDG_CONFIG_HOME: '/cfg' } })).toBe('/cfg/Keel');
    expect(resolveDataDir({ platform: 'darwin', home: '/Users/ann', env: {} })).toBe('/Users/ann/Library/Application Support/Keel');
    expect(resolveDataDir({ platform: 'win32', home: 'C:\\Users\\ann', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' } })).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Keel',
    );
  });

  it('KEEL_DATA_DIR overrides the platform folder, and --data-dir overrides both', () => {
    expect(resolveDataDir({ platform: 'linux', home: '/h', env: { KEEL_DATA_DIR: '/data/keel' } })).toBe('/data/keel');
    expect(resolveDataDir({ flag: '/flag/dir', platform: 'linux', home: '/h', env: { KEEL_DATA_DIR: '/data/keel' } })).toBe('/flag/dir');
  });
});
