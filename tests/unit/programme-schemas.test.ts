import { describe, expect, it } from 'vitest';
import {
  CreateClassSchema,
  CreateProgrammeSchema,
  CreateSchoolSchema,
  UpdateClassSchema,
  UpdateProgrammeSchema,
  UpdateSchoolSchema,
} from '../../shared/schemas/programme.js';

describe('programme wire schemas', () => {
  it('never fill in defaults on an update, so a PATCH cannot reset a field it does not name', () => {
    expect(UpdateProgrammeSchema.parse({ name: 'Renamed' })).toEqual({ name: 'Renamed' });
    expect(UpdateSchoolSchema.parse({ postcode: 'ZZ1 1AA' })).toEqual({ postcode: 'ZZ1 1AA' });
    expect(UpdateClassSchema.parse({ pupilCount: 27 })).toEqual({ pupilCount: 27 });
  });

  it('fill in defaults on create', () => {
    expect(CreateProgrammeSchema.parse({ name: 'P', localAuthority: 'LA', academicYear: '2025-26' })).toMatchObject({
      cpdDates: [],
      allowClassInSeveralLinks: false,
    });
    expect(CreateSchoolSchema.parse({ name: 'S', postcode: 'ZZ1 1AA' })).toMatchObject({ safeguardingContacts: [] });
    expect(CreateClassSchema.parse({ schoolId: 'a'.repeat(24), name: '4A', yearGroup: 'Y4', pupilCount: 30 })).toMatchObject({ teacherIds: [] });
  });

  it('reject unknown fields, naming them', () => {
    const r = UpdateClassSchema.safeParse({ pupilCount: 1, schoolId: 'x' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('schoolId');
  });
});
