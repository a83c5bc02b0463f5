// Import failures carry where they happened: the UI and the CLI print `file, line, column` so a user can open
// the CSV and see the cell we choked on. Code 'VALIDATION' so the dispatcher maps it like other bad input.
import { CoreError } from '../errors.ts';

export type ImportReason =
  | 'NOT_CSV'
  | 'EMPTY'
  | 'TRUNCATED_QUOTE'
  | 'UNKNOWN_LAYOUT'
  | 'BAD_NUMBER'
  | 'BAD_DATE'
  | 'BAD_ROW'
  | 'MISSING_VALUE';

export interface ImportErrorDetails {
  file: string;
  line: number;
  column: number;
  reason: ImportReason;
}

export class ImportError extends CoreError {
  declare readonly details: ImportErrorDetails;
  /** The message without the `file: line L, column C:` prefix. */
  readonly reasonText: string;
  constructor(details: ImportErrorDetails, reasonText: string) {
    super('VALIDATION', `${details.file}: line ${details.line}, column ${details.column}: ${reasonText}`, details);
    this.name = 'ImportError';
    this.reasonText = reasonText;
  }
  get file(): string {
    return this.details.file;
  }
  get line(): number {
    return this.details.line;
  }
  get column(): number {
    return this.details.column;
  }
  get reason(): ImportReason {
    return this.details.reason;
  }
}

/** A value that did not parse, before we know where it sat; the row reader turns it into an ImportError. */
export class ValueError extends Error {
  readonly reason: 'BAD_NUMBER' | 'BAD_DATE';
  constructor(reason: 'BAD_NUMBER' | 'BAD_DATE', message: string) {
    super(message);
    this.name = 'ValueError';
    this.reason = reason;
  }
}
