// Navigation, pop-up and permission lockdown, applied to every webContents Electron creates (not just the main
// window), so nothing slips past.
import { shell, type Session, type WebContents } from 'electron';
import { isTrustedUrl } from './origin.ts';

/**
 * https origins that links may open in the user's browser. Kept empty: Keel is offline and links nowhere.
 * Add an exact origin (e.g. 'https://keel.example') only with a reason.
 */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [];

export function isAllowedExternalUrl(url: string, allowList: readonly string[] = EXTERNAL_ALLOW_LIST): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && allowList.includes(u.origin);
}

export interface HardenOptions {
  /** The dev-server URL in unpackaged dev runs; null otherwise. */
  devUrl?: string | null;
  allowList?: readonly string[];
}

type NavigationEvent = { preventDefault(): void; url: string };

export function hardenWebContents(contents: WebContents, options: HardenOptions = {}): void {
  const { devUrl = null, allowList = EXTERNAL_ALLOW_LIST } = options;
  // Electron 45 puts the target on the event (details.url); the positional url argument is deprecated.
  const guard = (event: NavigationEvent): void => {
    if (!isTrustedUrl(event.url, devUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', guard);
  // <webview> is off in webPreferences; refuse attachment too in case something re-enables it.
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, allowList)) {
      shell.openExternal(url).catch(() => undefined);
    }
    return { action: 'deny' };
  });
}

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}
