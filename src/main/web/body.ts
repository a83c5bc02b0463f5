// Reading request bodies within two limits: one body's size, and the total of all bodies being read at once,
// so that parallel uploads cannot fill the memory. A refused body is drained (read and dropped), never
// buffered: a server that closes while the client is still sending makes the client see a reset instead of
// the refusal.
import type http from 'node:http';

/** Bytes held by bodies being read, across all requests. */
export class BodyBudget {
  private used = 0;
  constructor(readonly total: number) {}

  take(n: number): boolean {
    if (this.used + n > this.total) return false;
    this.used += n;
    return true;
  }

  give(n: number): void {
    this.used -= n;
  }

  get inUse(): number {
    return this.used;
  }
}

export interface BodyLimits {
  /** Most bytes one body may have. */
  bodyBytes: number;
  budget: BodyBudget;
}

export type BodyRead =
  | { ok: true; body: Buffer; release: () => void }
  | {
      ok: false;
      status: 413 | 503;
      message: string;
      /** Settles when the client has sent the rest of its body (or a drain cap was reached, or it went away). */
      drained: Promise<void>;
    };

/** A refused body is read and dropped up to this many bytes, so the client can finish sending and read the answer. */
const DRAIN_BYTES = 256 * 1024 * 1024;

export function formatSize(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

function declaredLength(req: http.IncomingMessage): number | undefined {
  const v = req.headers['content-length'];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Drops the rest of a refused body; `drained` settles when it ended, the client left, or DRAIN_BYTES passed. */
function drain(req: http.IncomingMessage): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    req.on('data', (c: Buffer) => {
      dropped += c.length;
      if (dropped > DRAIN_BYTES) resolve();
    });
    req.once('end', () => resolve());
    req.once('close', () => resolve());
    req.resume();
  });
}

export function readBody(req: http.IncomingMessage, limits: BodyLimits): Promise<BodyRead> {
  const tooLarge = `The request body is larger than ${formatSize(limits.bodyBytes)}.`;
  const busy = `The web door is already reading ${formatSize(limits.budget.total)} of requests; try again when they are done.`;
  const refuse = (status: 413 | 503, message: string): BodyRead => ({ ok: false, status, message, drained: drain(req) });

  // A declared length is checked, and its share of the budget taken, before a byte is read.
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limits.bodyBytes) return Promise.resolve(refuse(413, tooLarge));
  let reserved = 0;
  if (declared !== undefined) {
    if (!limits.budget.take(declared)) return Promise.resolve(refuse(503, busy));
    reserved = declared;
  }

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const giveBack = () => {
      limits.budget.give(reserved);
      reserved = 0;
    };
    const fail = (status: 413 | 503, message: string) => {
      settled = true;
      req.off('data', onData);
      chunks.length = 0;
      giveBack();
      resolve(refuse(status, message));
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limits.bodyBytes) return fail(413, tooLarge);
      // Without a declared length (chunked), the budget is taken as the bytes arrive.
      if (size > reserved && !limits.budget.take(size - reserved)) return fail(503, busy);
      reserved = Math.max(reserved, size);
      chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (settled) return;
      settled = true;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        giveBack();
      };
      resolve({ ok: true, body: Buffer.concat(chunks), release });
    });
    req.once('close', () => {
      if (settled) return;
      settled = true;
      giveBack();
      reject(new Error('The client closed the connection before its request body arrived.'));
    });
  });
}
