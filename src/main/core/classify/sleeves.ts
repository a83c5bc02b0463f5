// The default sleeve taxonomy: the 2026 rotation out of mega-cap tech into small caps and cyclicals.
// Users rename, add, remove and reorder sleeves; the bundled reference data speaks these default names.
export const DEFAULT_SLEEVES = ['Small-cap', 'Cyclicals', 'Value', 'Large-cap growth', 'International', 'Bonds', 'Cash', 'Other'] as const;
export type DefaultSleeve = (typeof DEFAULT_SLEEVES)[number];
