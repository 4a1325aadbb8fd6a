// The environment by which the host hands a trainer child its code cache (src/host/codeCache.ts
// plans it, src/trainer/codeCache.ts is the preload that uses it). Apart, so the host reads the
// names without running the preload.

/** The cache file of this trainer bundle, runtime and heap cap. */
export const CODE_CACHE_FILE_ENV = 'DLX_CODE_CACHE_FILE';
/** '1' in the warm-up child: load the bundle, write its cache, exit; never a run. */
export const CODE_CACHE_MAKE_ENV = 'DLX_CODE_CACHE_MAKE';
/** Set by the preload for what it found: accepted, rejected (V8 refused it), absent or written. */
export const CODE_CACHE_STATE_ENV = 'DLX_CODE_CACHE_STATE';
