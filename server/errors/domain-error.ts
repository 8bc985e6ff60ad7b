// The base of each module's typed refusals (SFU, log, board, upload, matching…): a stable code and a
// message in words the user understands, with the HTTP status it maps to. The HTTP layer
// shows any of them as {error:{code, message}} without knowing each kind.
export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: Code,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Narrows to a DomainError with a string code (instanceof on the generic class gives `any`). */
export const isDomainError = (err: unknown): err is DomainError => err instanceof DomainError;
