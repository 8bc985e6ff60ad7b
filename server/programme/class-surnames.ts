// The surnames a teacher listed for a class, for the personal-details guard: a class
// device's words naming one of its own class's surnames are held like a phone number.
import type { Models } from '../db/models.js';

/** The surnames a teacher listed for a class (what the personal-details guard checks against). */
export type ClassSurnames = (classId: string | undefined) => Promise<string[]>;

export async function surnamesOfClass(models: Models, classId: string | undefined): Promise<string[]> {
  if (!classId) return [];
  const cls = await models.Class.findById(classId, { surnames: 1 }).lean();
  return cls?.surnames ?? [];
}
