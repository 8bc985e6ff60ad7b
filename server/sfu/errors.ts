// Typed SFU errors: the realtime layer maps `code` onto the wire unchanged.
import { DomainError } from '../errors/domain-error.js';

export type SfuErrorCode =
  | 'room-closed'
  | 'peer-not-found'
  | 'transport-not-found'
  | 'producer-not-found'
  | 'consumer-not-found'
  | 'cannot-consume'
  | 'invalid-parameters'
  | 'no-worker'
  | 'limit-reached';

/** The HTTP status each refusal maps to. */
const SFU_STATUS: Record<SfuErrorCode, number> = {
  'room-closed': 410,
  'peer-not-found': 409,
  'transport-not-found': 404,
  'producer-not-found': 404,
  'consumer-not-found': 404,
  'cannot-consume': 422,
  'invalid-parameters': 400,
  'no-worker': 503,
  'limit-reached': 429,
};

export class SfuError extends DomainError<SfuErrorCode> {
  get status(): number {
    return SFU_STATUS[this.code];
  }
}
