// The benchmark trains bench/recipes/*.ts with --file; this exercise has no starter or solution of its own.
export {};
