// An expression of interest that cannot be stored as sent, with its stable code.
import { DomainError } from '../errors/domain-error.js';

export type EoiErrorCode = 'bad-request' | 'unknown-partner' | 'already-sent';

const EOI_STATUS: Record<EoiErrorCode, number> = { 'bad-request': 400, 'unknown-partner': 400, 'already-sent': 409 };

export class EoiError extends DomainError<EoiErrorCode> {
  get status(): number {
    return EOI_STATUS[this.code];
  }
}
