// Import failures carry where they happened: the UI and the CLI print `file, line, column` so a user can open
// the CSV and see the cell we choked on. Code 'VALIDATION' so the dispatcher maps it like other bad input.
import { CoreError } from '../errors.ts';

export type ImportReason =
  | 'NOT_CSV'
  | 'EMPTY'
  | 'TRUNCATED_QUOTE'
  | 'BAD_QUOTE'
  | 'LINE_TOO_LONG'
  | 'NO_DATA'
  | 'UNKNOWN_LAYOUT'
  | 'BAD_NUMBER'
  | 'BAD_DATE'
  | 'BAD_ROW'
  | 'MISSING_VALUE'
  /** A positions file whose total misses the file's own by more than 1%, not confirmed (view.ts). */
  | 'TOTAL_MISMATCH';

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
export class ValueError extends CoreError {
  readonly reason: 'BAD_NUMBER' | 'BAD_DATE';
  constructor(reason: 'BAD_NUMBER' | 'BAD_DATE', message: string) {
    super('VALIDATION', message);
    this.name = 'ValueError';
    this.reason = reason;
  }
}

/** How much of a cell a message quotes. */
const EXCERPT_CHARS = 40;

/**
 * A cell as a message quotes it: whole when short, else its first 40 characters and its length
 * (`12345…(3,145,728 characters)`), so a 3 MB cell never becomes a 3 MB message.
 */
export function excerpt(text: string): string {
  if (text.length <= EXCERPT_CHARS + 20) return text;
  return `${text.slice(0, EXCERPT_CHARS)}… (${text.length.toLocaleString('en-US')} characters)`;
}

/** A message with every run of more than 60 non-space characters cut as excerpt() cuts a cell. */
export function shortenRuns(message: string): string {
  return message.length <= 200 ? message : message.replace(/\S{61,}/g, excerpt);
}
