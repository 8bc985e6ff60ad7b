// Worker entry: registers tsx in this thread (a worker does not inherit the main thread's
// loader), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./matching-worker.ts');
