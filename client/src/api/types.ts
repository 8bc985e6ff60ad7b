// What the REST API returns (see server/http/views.ts).
import type { Grant } from '../../../shared/auth';
import type { YearPlan } from '../../../shared/schemas/programme';

export interface SessionInfo {
  user: { id: string; name: string; email: string };
  grants: Grant[];
  classIds: string[];
  csrfToken: string;
}
export interface Programme {
  id: string;
  name: string;
  localAuthority: string;
  academicYear: string;
  cpdDates: string[];
  plan: YearPlan;
}
export interface School {
  id: string;
  name: string;
  postcode: string;
}
export interface SchoolClass {
  id: string;
  schoolId: string;
  name: string;
  yearGroup: string;
  pupilCount: number;
  teacherIds: string[];
  /** Listed by the class's teacher; words naming one are held before the partner class sees them. */
  surnames?: string[];
}
export interface Link {
  id: string;
  programmeId: string;
  classIds: string[];
  schoolIds: string[];
  status: 'proposed' | 'confirmed' | 'ended';
  phase: number;
  progress: { milestoneKey: string; doneAt: string }[];
  /** The classes in the link, by name (present in programme link lists). */
  members?: { id: string; name: string; yearGroup: string; schoolId: string; schoolName: string }[];
}
