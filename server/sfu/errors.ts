// Typed SFU errors: the realtime layer maps `code` onto the wire unchanged.
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

export class SfuError extends Error {
  override name = 'SfuError';
  constructor(
    readonly code: SfuErrorCode,
    message: string,
  ) {
    super(message);
  }
}
