// The rule of the "together" preference, in one place: a year group is together when
// every one of its classes is linked to a class of one same school.

/** The school all the classes are linked to, or -1 (one is not linked, or two schools). */
export function wholeWith(members: readonly number[], mate: ArrayLike<number>, classes: readonly { school: number }[]): number {
  let school = -1;
  for (const c of members) {
    if (mate[c]! < 0) return -1;
    const s = classes[mate[c]!]!.school;
    if (school >= 0 && s !== school) return -1;
    school = s;
  }
  return school;
}
