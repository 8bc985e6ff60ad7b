import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../client/src/api/http.js';

describe('fieldErrorsOf', () => {
  it("takes each field's words from a schema refusal", () => {
    expect(
      fieldErrorsOf({
        message: 'body.classes: name at least one year group; body.email: Invalid email address',
        issues: [
          { field: 'body.classes', message: 'name at least one year group' },
          { field: 'body.email', message: 'Invalid email address' },
        ],
      }),
    ).toEqual({ classes: 'name at least one year group', email: 'Invalid email address' });
  });

  it('reads a refusal that names its field in its message', () => {
    expect(fieldErrorsOf({ message: 'body.keepPartnerSchoolName: "Oak" is not a school of this programme' })).toEqual({
      keepPartnerSchoolName: '"Oak" is not a school of this programme',
    });
  });

  it('has no fields for a refusal about no field', () => {
    expect(fieldErrorsOf({ message: 'That form is closed.' })).toEqual({});
    expect(fieldErrorsOf(undefined)).toEqual({});
  });
});
