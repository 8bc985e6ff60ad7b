// Values the global setups hand to test files through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** A MongoDB-wire server for this run, without a database name. */
    mongoUri: string;
    /** The database of the shared e2e server (tests seed it directly). */
    appDbUri: string;
    /** The shared Linkroom server of the e2e run. */
    baseUrl: string;
    /** The shared Chromium of the e2e run (playwright `connect`). */
    browserWsEndpoint: string;
    /** The process running the shared e2e server (its mediasoup workers are its children). */
    serverPid: number;
    /** The shared e2e server's one media port (UDP and TCP). */
    mediaPort: number;
  }
}
export {};
