// How the core's answers reach the CLI: as Results. A failed one stops the command; main() prints it as
// `keel: CODE: message` and exits 1.
import type { KeelError, Result } from '../../shared/contract.ts';

export class Refused extends Error {
  constructor(readonly error: KeelError) {
    super(error.message);
    this.name = 'Refused';
  }
}

export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new Refused(r.error);
}
