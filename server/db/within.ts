// A deadline for a database operation, for callers that must answer even while the
// database is stalled (the log's appends, /healthz).
export class DatabaseTimeoutError extends Error {
  override name = 'DatabaseTimeoutError';
}

/**
 * The operation's result, or DatabaseTimeoutError after `ms`. The operation itself goes on
 * (the driver cannot take back a write already sent): callers treat its outcome as unknown.
 */
export function within<T>(ms: number, operation: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(`the database did not answer within ${ms} ms`)), ms);
  });
  operation.catch(() => undefined); // a late failure after the timeout is not unhandled
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}
