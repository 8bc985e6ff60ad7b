// A refusal any use case may give: a stable code, words the user understands, and the
// HTTP status it maps to (a socket ack carries the code and message only). Capabilities
// with their own kinds of refusal (SfuError, BoardError, UploadError…) extend DomainError too.
import { DomainError } from './domain-error.js';

export class Refusal extends DomainError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    /** Extra fields for the error body (e.g. the issues of a bad request). */
    readonly details?: Record<string, unknown>,
  ) {
    super(code, message);
  }
}
