// What the log's writer and its callers share: an event to append, and the refusal when
// it cannot be stored.
import type { JsonValue, LogActor, LogEventType, LogScope } from '../../shared/schemas/log.js';
import { DomainError } from '../errors/domain-error.js';

export class LogUnavailableError extends DomainError<'log-unavailable'> {
  readonly status = 503;
  constructor(cause: unknown) {
    super('log-unavailable', 'The safeguarding log cannot be written right now, so the action was not carried out. Try again shortly.', { cause });
  }
}

export interface LogEventInput {
  actor: LogActor;
  role: string;
  scope: LogScope;
  type: LogEventType;
  payload?: JsonValue | Record<string, unknown>;
}

/** JSON-safe copy: ObjectIds and Dates become strings, undefined fields disappear. */
export function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}
