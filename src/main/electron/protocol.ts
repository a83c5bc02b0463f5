// The app:// scheme: the renderer is loaded from app://keel/index.html rather than file://, so it gets a
// real origin, the CSP arrives as a header, and only files under out/renderer can ever be served.
import { protocol } from 'electron';
import { createAppRequestHandler } from './app-files.ts';
import { APP_SCHEME } from './origin.ts';

/** Must run before app 'ready' (Electron only accepts scheme privileges then). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin and relative URLs; secure: a secure context like https. No corsEnabled and no
      // bypassCSP: other origins cannot read app:// and the CSP header applies.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** After 'ready': answer app:// requests from the built renderer folder. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
