// A matching request that cannot be run as asked: a 400 with a stable code.
export type MatchingErrorCode = 'unknown-class' | 'class-locked-twice' | 'pair-not-allowed' | 'not-a-proposal' | 'nothing-to-match' | 'class-confirmed-twice';

export class MatchingError extends Error {
  readonly status = 400;
  constructor(
    readonly code: MatchingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MatchingError';
  }
}
