// Worker entry: registers tsx in this thread (a worker does not inherit the main thread's
// loader), then hands piscina the TypeScript worker function.
import { register } from 'tsx/esm/api';

register();
const { matchInWorker } = await import('./matching-worker.ts');

export default matchInWorker;
