// One ipcMain.handle per contract operation (never a generic channel). Each handler checks who is asking
// before the core sees anything, and always answers with a Result: nothing throws across IPC.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { LOCAL_OPERATIONS, REMOTE_OPERATION_NAMES, unknownOperation, type OperationName, type Result } from '../../shared/contract.ts';
import { toKeelError } from '../core/errors.ts';
import { isTrustedUrl } from './origin.ts';

export const CHANNEL_PREFIX = 'keel:';

export function channelFor(operation: OperationName): string {
  return CHANNEL_PREFIX + operation;
}

export type CoreDispatch = (operation: OperationName, payload: unknown) => Promise<Result<unknown>>;

export interface IpcOptions {
  /** The dev-server URL in unpackaged dev runs; null otherwise. */
  devUrl?: string | null;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/** The sender frame must still exist and show the app's own origin (a navigated-away or foreign frame fails). */
export function isTrustedSender(event: SenderEvent, devUrl: string | null = null): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && isTrustedUrl(url, devUrl);
}

export function createIpcHandler(
  operation: OperationName,
  dispatch: CoreDispatch,
  devUrl: string | null = null,
): (event: SenderEvent, payload: unknown) => Promise<Result<unknown>> {
  return async (event, payload) => {
    // Operations that take paths on this machine are the CLI's: the renderer gets no channel for them, and a
    // handler made for one anyway answers as for an operation that does not exist.
    if (LOCAL_OPERATIONS.has(operation)) return unknownOperation(operation);
    if (!isTrustedSender(event, devUrl)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: `${operation} refused: the caller is not Keel's own window.` },
      };
    }
    try {
      return await dispatch(operation, payload);
    } catch (e) {
      // The core's dispatcher already catches; this guards the door itself (e.g. a closed database).
      return { ok: false, error: toKeelError(e) };
    }
  };
}

/** Registers every operation but the local ones; returns a function that removes the handlers again (on quit). */
export function registerIpcHandlers(dispatch: CoreDispatch, options: IpcOptions = {}): () => void {
  const devUrl = options.devUrl ?? null;
  const channels = REMOTE_OPERATION_NAMES.map((operation) => {
    const channel = channelFor(operation);
    ipcMain.handle(channel, createIpcHandler(operation, dispatch, devUrl));
    return channel;
  });
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}
