// Public surface of the import parsing layer.
export { parseBrokerFile, type ParseOptions } from './parse.ts';
export { ImportError, type ImportErrorDetails, type ImportReason } from './errors.ts';
export { parseNumber, isEmptyMarker } from './numbers.ts';
export { parseDate } from './dates.ts';
export { LAYOUTS, detectLayout } from './detect.ts';
export { headerSignature, parseWithColumnMap, readHeaderRow, type ColumnMap } from './parse-mapped.ts';
export type * from './types.ts';
