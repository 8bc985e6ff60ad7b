// Runs in a worker thread: folds a board's stored parts (snapshot and updates) into one
// snapshot, so that rewriting a large board never holds up the server's event loop.
import { parentPort } from 'node:worker_threads';
import { mergeParts } from './merge-parts.js';

parentPort!.on('message', ({ id, parts }: { id: number; parts: Uint8Array[] }) => {
  try {
    const data = mergeParts(parts);
    parentPort!.postMessage({ id, data }, [data.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
