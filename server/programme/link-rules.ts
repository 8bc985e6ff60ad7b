// Which classes may form a link: pure rules, no database.
export interface ClassFacts {
  id: string;
  programmeId: string;
  schoolId: string;
}

export type LinkRuleViolation =
  | { code: 'duplicate-class'; classId: string }
  | { code: 'class-not-found'; classId: string }
  | { code: 'class-not-in-programme'; classId: string }
  | { code: 'same-school'; classIds: [string, string]; schoolId: string }
  | { code: 'class-already-linked'; classId: string; linkId: string };

export interface NewLinkInput {
  programmeId: string;
  requestedClassIds: string[];
  /** The requested classes that exist. */
  classes: ClassFacts[];
  /** For each class, a link of this programme that is not ended, if any. */
  activeLinkOfClass: ReadonlyMap<string, string>;
  allowClassInSeveralLinks: boolean;
}

export function checkNewLink(input: NewLinkInput): LinkRuleViolation[] {
  const violations: LinkRuleViolation[] = [];
  const seen = new Set<string>();
  const byId = new Map(input.classes.map((c) => [c.id, c]));
  const firstClassOfSchool = new Map<string, string>();
  for (const classId of input.requestedClassIds) {
    if (seen.has(classId)) {
      violations.push({ code: 'duplicate-class', classId });
      continue;
    }
    seen.add(classId);
    const cls = byId.get(classId);
    if (!cls) {
      violations.push({ code: 'class-not-found', classId });
      continue;
    }
    if (cls.programmeId !== input.programmeId) {
      violations.push({ code: 'class-not-in-programme', classId });
      continue;
    }
    const other = firstClassOfSchool.get(cls.schoolId);
    if (other) violations.push({ code: 'same-school', classIds: [other, classId], schoolId: cls.schoolId });
    else firstClassOfSchool.set(cls.schoolId, classId);
    const linkId = input.activeLinkOfClass.get(classId);
    if (linkId && !input.allowClassInSeveralLinks) violations.push({ code: 'class-already-linked', classId, linkId });
  }
  return violations;
}

export function describeViolation(v: LinkRuleViolation): string {
  switch (v.code) {
    case 'duplicate-class':
      return `class ${v.classId} is listed twice`;
    case 'class-not-found':
      return `class ${v.classId} does not exist`;
    case 'class-not-in-programme':
      return `class ${v.classId} belongs to another programme`;
    case 'same-school':
      return `classes ${v.classIds[0]} and ${v.classIds[1]} are from the same school: a link joins different schools`;
    case 'class-already-linked':
      return `class ${v.classId} is already in link ${v.linkId} this year (the coordinator can allow a class in several links)`;
  }
}
