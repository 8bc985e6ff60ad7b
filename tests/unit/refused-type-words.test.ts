import { describe, expect, it } from 'vitest';
import { refusedTypeInWords } from '../../server/exchange/refused-type-words.js';

describe('refusedTypeInWords', () => {
  it('says what the file is and what to send instead, never a MIME type', () => {
    expect(refusedTypeInWords('exe')).toBe(
      'This is a program, not a picture or document: it cannot go on the wall. Send pictures, PDFs, sound or short videos.',
    );
    expect(refusedTypeInWords('zip')).toMatch(/^This is a compressed folder \(\.zip\): open it/);
    expect(refusedTypeInWords('docx')).toBe('This is a Word document: save or export it as a PDF, then send the PDF.');
    expect(refusedTypeInWords('psd')).toMatch(/^This kind of file \(\.psd\) cannot go on the wall/);
    expect(refusedTypeInWords(undefined)).toMatch(/^This file is not a picture, PDF, sound or video/);
    for (const ext of ['exe', 'zip', 'docx', 'psd', undefined]) expect(refusedTypeInWords(ext)).not.toMatch(/application\//);
  });
});
