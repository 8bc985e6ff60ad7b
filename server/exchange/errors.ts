// Typed refusals of an upload: each names what was wrong in words a teacher understands.
import { DomainError } from '../errors/domain-error.js';

export type UploadErrorCode =
  'unsupported-type' | 'too-large' | 'too-many-pixels' | 'unreadable' | 'polyglot' | 'active-content' | 'no-ffmpeg' | 'truncated' | 'no-file';

const STATUS: Record<UploadErrorCode, number> = {
  'unsupported-type': 415,
  'too-large': 413,
  'too-many-pixels': 422,
  unreadable: 422,
  polyglot: 422,
  'active-content': 422,
  'no-ffmpeg': 501,
  truncated: 400,
  'no-file': 400,
};

export class UploadError extends DomainError<UploadErrorCode> {
  get status(): number {
    return STATUS[this.code];
  }
}
