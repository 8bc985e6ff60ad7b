/** Whether stored grants include `role` in a programme (and school, when given). */
export function hasGrant(grants: { role: string; programmeId: unknown; schoolId?: unknown }[], role: string, programmeId: string, schoolId?: string): boolean {
  return grants.some((g) => g.role === role && String(g.programmeId) === programmeId && (schoolId === undefined || String(g.schoolId) === schoolId));
}
