// Electron entry (built to out/main/index.js, ESM): start the Electron door.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startElectronDoor } from './electron/door.ts';

startElectronDoor({ mainDir: path.dirname(fileURLToPath(import.meta.url)) });
