// "Logged, or not done": the event is stored first; only then is the change applied.
// If the log cannot be written the action fails (LogUnavailableError → 503) and nothing
// changes. If the change itself then fails, a follow-up event says so.
import type { StoredLogEvent } from './hash-chain.js';
import type { LogEventInput } from './safeguarding-log.js';

/** `apply` is given the stored event (retention names it in the markers it leaves). */
export async function recordThen<T, Stored = StoredLogEvent>(
  log: { record(event: LogEventInput): Promise<Stored> },
  event: LogEventInput,
  apply: (stored: Stored) => Promise<T>,
): Promise<T> {
  const stored = await log.record(event);
  try {
    return await apply(stored);
  } catch (err) {
    await log
      .record({
        actor: event.actor,
        role: event.role,
        scope: event.scope,
        type: 'action.failed',
        payload: { failedType: event.type, reason: err instanceof Error ? err.message.slice(0, 500) : String(err) },
      })
      .catch(() => undefined);
    throw err;
  }
}
