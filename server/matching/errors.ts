// A matching request that cannot be run as asked: a 400 with a stable code.
import { DomainError } from '../errors/domain-error.js';

export type MatchingErrorCode = 'unknown-class' | 'class-locked-twice' | 'pair-not-allowed' | 'not-a-proposal' | 'nothing-to-match' | 'class-confirmed-twice';

export class MatchingError extends DomainError<MatchingErrorCode> {
  readonly status = 400;
}
