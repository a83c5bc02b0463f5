/** <root>/out/main/cli.js if it exists and nothing under <root>/src is newer; null otherwise (cli-bundle.mjs). */
export declare function freshCliBundle(root?: string): string | null;
