// Typed errors of the whiteboard: each becomes {code, message} on the wire.
import { DomainError } from '../errors/domain-error.js';

export type BoardErrorCode = 'malformed' | 'not-allowed' | 'locked' | 'language' | 'held' | 'not-open' | 'board-full' | 'not-found';

const STATUS: Record<BoardErrorCode, number> = {
  malformed: 400,
  'not-allowed': 422,
  locked: 423,
  language: 422,
  held: 202,
  'not-open': 409,
  'board-full': 507,
  'not-found': 404,
};

export class BoardError extends DomainError<BoardErrorCode> {
  get status(): number {
    return STATUS[this.code];
  }
}
