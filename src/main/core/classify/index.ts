// Classification: bundled reference data and the pure rules that turn a security into sleeve weights.
export * from './reference.ts';
export * from './rules.ts';
