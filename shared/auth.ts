// Who may do what, where: one table of role × action → scope, read by the REST routes,
// the socket events and (only to hide controls) the client.
export const ROLES = ['coordinator', 'programme-dsl', 'school-dsl', 'teacher', 'head'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'programme:create',
  'programme:read',
  'programme:update',
  'school:read',
  'school:create',
  'school:update',
  'class:read',
  'class:create',
  'class:update',
  'link:read',
  'link:create',
  'link:confirm',
  'link:end',
  'link:progress',
  'invitation:create',
  'user:read',
  'user:change-roles',
  'log:read',
  'call:start',
  'call:join',
  'call:moderate',
  'call:admit',
  'exchange:read',
  'exchange:upload',
  'exchange:approve',
  'exchange:flag',
  'log:export',
  'concern:raise',
  'concern:review',
  'retention:run',
  'eoi:manage',
  'matching:run',
  'matching:confirm',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * - any: the user holds the role anywhere (creating a new programme)
 * - programme: the target is in a programme where the user holds the role
 * - school: …and involves the school the role is held for
 * - own-class: …and involves a class the user teaches
 */
export type Scope = 'any' | 'programme' | 'school' | 'own-class';

export const AUTH_TABLE: Record<Role, Partial<Record<Action, Scope>>> = {
  coordinator: {
    'programme:create': 'any',
    'programme:read': 'programme',
    'programme:update': 'programme',
    'school:read': 'programme',
    'school:create': 'programme',
    'school:update': 'programme',
    'class:read': 'programme',
    'class:create': 'programme',
    'class:update': 'programme',
    'link:read': 'programme',
    'link:create': 'programme',
    'link:confirm': 'programme',
    'link:end': 'programme',
    'link:progress': 'programme',
    'invitation:create': 'programme',
    'user:read': 'programme',
    'user:change-roles': 'programme',
    // Expressions of interest: entered and read by the coordinator (a public form is next).
    'eoi:manage': 'programme',
    'matching:run': 'programme',
    'matching:confirm': 'programme',
  },
  'programme-dsl': {
    'programme:read': 'programme',
    'school:read': 'programme',
    'class:read': 'programme',
    'link:read': 'programme',
    'user:read': 'programme',
    'log:read': 'programme',
    'exchange:read': 'programme',
    'exchange:flag': 'programme',
    'log:export': 'programme',
    'concern:raise': 'programme',
    'concern:review': 'programme',
    'retention:run': 'programme',
  },
  'school-dsl': {
    'programme:read': 'programme',
    'school:read': 'school',
    'class:read': 'school',
    'link:read': 'school',
    'log:read': 'school',
    'exchange:read': 'school',
    'exchange:flag': 'school',
    'log:export': 'school',
    'concern:raise': 'school',
    'concern:review': 'school',
  },
  teacher: {
    'programme:read': 'programme',
    'school:read': 'school',
    'class:read': 'school',
    'class:update': 'own-class',
    'link:read': 'own-class',
    'link:progress': 'own-class',
    // A call's target is its link (start) or its schools (join, moderate); admitting a
    // class device targets the device's own school.
    'call:start': 'own-class',
    'call:join': 'school',
    'call:moderate': 'school',
    'call:admit': 'school',
    // Pupils' work: the link's own teachers; which school's approval is theirs to give is
    // decided by the exchange's approval rules.
    'exchange:read': 'own-class',
    'exchange:upload': 'own-class',
    'exchange:approve': 'own-class',
    'exchange:flag': 'own-class',
    // Any member of staff may raise a concern about what involves their school (KCSIE).
    'concern:raise': 'school',
  },
  head: {
    'programme:read': 'programme',
    'school:read': 'school',
    'class:read': 'school',
    'link:read': 'school',
    'exchange:read': 'school',
    'concern:raise': 'school',
  },
};

/** A role held by a user: programme-wide, or for one school. */
export interface Grant {
  role: Role;
  programmeId: string;
  schoolId?: string;
}

export interface Principal {
  userId: string;
  grants: Grant[];
  /** Classes the user teaches (from the classes' teacher lists). */
  classIds: string[];
}

/** What an action is about; `any`-scoped actions need no target. */
export interface Target {
  programmeId: string;
  schoolIds?: string[];
  classIds?: string[];
}

export function scopeMatches(scope: Scope, grant: Grant, principal: Principal, target: Target | null): boolean {
  if (scope === 'any') return true;
  if (!target || grant.programmeId !== target.programmeId) return false;
  switch (scope) {
    case 'programme':
      return true;
    case 'school':
      return !!grant.schoolId && (target.schoolIds ?? []).includes(grant.schoolId);
    case 'own-class':
      return (target.classIds ?? []).some((c) => principal.classIds.includes(c));
  }
}

/** The grant that allows the action on the target (the log names its role), if any. */
export function grantFor(principal: Principal, action: Action, target: Target | null): Grant | undefined {
  return principal.grants.find((grant) => {
    const scope = AUTH_TABLE[grant.role][action];
    return scope !== undefined && scopeMatches(scope, grant, principal, target);
  });
}

export function can(principal: Principal, action: Action, target: Target | null): boolean {
  return grantFor(principal, action, target) !== undefined;
}

/** Roles whose grant names a school (the others are programme-wide). */
export const SCHOOL_ROLES: ReadonlySet<Role> = new Set(['school-dsl', 'teacher', 'head']);
