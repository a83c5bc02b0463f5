// Sandboxed preload, bundled to one CommonJS file. It exposes exactly one function per contract operation
// as window.keel — no generic invoke/send/on and never ipcRenderer itself (Keel's security baseline).
import { contextBridge, ipcRenderer } from 'electron';
import { REMOTE_OPERATION_NAMES, type RemoteApi } from '../shared/contract.ts';

// The local operations (paths on this machine) are the CLI's: the main process registers no channel for them.
const api = Object.fromEntries(
  REMOTE_OPERATION_NAMES.map((name) => [
    name,
    // `?? {}` matches the web door's client, so calling an operation without input behaves the same.
    (input: unknown) => ipcRenderer.invoke(`keel:${name}`, input ?? {}),
  ]),
) as unknown as RemoteApi;

contextBridge.exposeInMainWorld('keel', Object.freeze(api));
