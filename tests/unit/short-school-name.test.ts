import { describe, expect, it } from 'vitest';
import { shortSchoolName } from '../../client/src/matching/short-school-name.js';

describe('shortSchoolName', () => {
  it('drops what every school is, keeping what tells them apart', () => {
    expect(shortSchoolName('St Aidan’s RC Primary School')).toBe('St Aidan’s RC');
    expect(shortSchoolName('Meadowbank Primary')).toBe('Meadowbank');
    expect(shortSchoolName('Oakfield Academy')).toBe('Oakfield');
    expect(shortSchoolName('Hill Top Junior School')).toBe('Hill Top');
  });

  it('keeps a name that is only the kind of school', () => {
    expect(shortSchoolName('Primary School')).toBe('Primary School');
  });
});
