// Types for node-runtime.mjs (plain JavaScript: provisioning runs before `npm ci`), for its test.
export declare const NODE_VERSION: string;
export declare const NODE_MAJOR: number;
export declare function runtimeBinDir(version?: string, cacheDir?: string): string;
export declare function ensureNodeRuntime(options?: { version?: string; cacheDir?: string; running?: string }): {
  binDir: string | undefined;
  outcome: string;
};
