// Matching a programme's expressions of interest: classes from the forms, the hard rules,
// each pair's points and reasons, the exact solve, and every proposal and unmatched class
// explained. Pure: the route loads the forms and stores the result.
import { schoolKey, type EoiView } from '../../shared/schemas/eoi.js';
import type { MatchClassView, MatchingResult, MatchingRunRequest, MatchingWeights, MatchProposal } from '../../shared/schemas/matching.js';
import { YEAR_GROUPS, type YearGroup } from '../../shared/year-groups.js';
import { MatchingError } from './errors.js';
import { maxWeightMatching } from './max-weight-matching.js';
import { pairPoints, type PairPoints, type SchoolFacts } from './pair-points.js';
import { solveMatching, type SolverPair } from './solver.js';
import { yearFit, type YearAnswers, type YearFit } from './year-compatibility.js';

interface MatchClass extends MatchClassView {
  school: number;
  group: number;
}

interface Group {
  school: number;
  yearGroup: YearGroup;
  members: number[];
}

interface GroupPair {
  fit: YearFit;
  points: PairPoints;
}

/** Points per "together" year group, per unit of its weight (pairs score 0..10 per unit too). */
export const TOGETHER_POINTS_PER_WEIGHT = 10;

/** The forms' classes, less those already in a confirmed link (by class id). */
export function classesOf(eois: readonly EoiView[], linked: ReadonlySet<string> = new Set()): { classes: MatchClass[]; groups: Group[] } {
  const classes: MatchClass[] = [];
  const groups: Group[] = [];
  for (const [school, eoi] of eois.entries()) {
    for (const yearGroup of YEAR_GROUPS) {
      const entry = eoi.classes.find((c) => c.yearGroup === yearGroup);
      if (!entry) continue;
      const group: Group = { school, yearGroup, members: [] };
      for (let k = 1; k <= entry.count; k++) {
        if (linked.has(`${eoi.id}:${yearGroup}:${k}`)) continue;
        group.members.push(classes.length);
        classes.push({ classId: `${eoi.id}:${yearGroup}:${k}`, eoiId: eoi.id, schoolName: eoi.schoolName, yearGroup, school, group: groups.length });
      }
      if (group.members.length > 0) groups.push(group);
    }
  }
  return { classes, groups };
}

const factsOf = (e: EoiView): SchoolFacts => ({ name: e.schoolName, closenessMatters: e.closenessMatters, location: e.location, profile: e.profile, priority: e.priority });
const answersOf = (e: EoiView, yearGroup: YearGroup): YearAnswers => ({ yearGroup, exactYearNotEssential: e.exactYearNotEssential, alternativeYearGroups: e.alternativeYearGroups });

export function matchProgramme(unsortedEois: readonly EoiView[], request: MatchingRunRequest, weights: MatchingWeights, linked: ReadonlySet<string> = new Set()): MatchingResult {
  const started = performance.now();
  // One order for the same forms, whatever order they were read in: the same proposals.
  const eois = [...unsortedEois].sort((a, b) => schoolKey(a.schoolName).localeCompare(schoolKey(b.schoolName)) || a.id.localeCompare(b.id));
  const { classes, groups } = classesOf(eois, linked);
  if (classes.length === 0) throw new MatchingError('nothing-to-match', eois.length === 0 ? 'no school has expressed interest yet: there is nothing to match' : 'every class of the expressions of interest is already in a confirmed link');
  const indexOf = new Map(classes.map((c, i) => [c.classId, i]));
  const eoiIds = new Set(eois.map((e) => e.id));
  const notes: string[] = [];
  /** The pairs whose classes are still to match; a pair naming a class since linked, or
   * taken off its school's form, is dropped with a note (the coordinator's screen may hold
   * it from an earlier run); a class of no form at all is an error. */
  const current = (pairs: readonly (readonly [string, string])[], what: string): [number, number][] =>
    pairs.flatMap(([a, b]) => {
      for (const id of [a, b]) if (!eoiIds.has(id.split(':')[0]!)) throw new MatchingError('unknown-class', `class ${id} is not a class of this programme's expressions of interest`);
      const [i, j] = [indexOf.get(a), indexOf.get(b)];
      if (i !== undefined && j !== undefined) return [[i, j] as [number, number]];
      notes.push(`the ${what} pair ${a} with ${b} was dropped: a class of it is now in a confirmed link or no longer on its school's form`);
      return [];
    });

  // Pairs of year groups: whether they fit, and their points, computed once per pair.
  const groupPairs = new Map<string, GroupPair | null>();
  const groupPair = (g: number, h: number): GroupPair | null => {
    const key = g < h ? `${g}:${h}` : `${h}:${g}`;
    if (groupPairs.has(key)) return groupPairs.get(key)!;
    const [x, y] = g < h ? [groups[g]!, groups[h]!] : [groups[h]!, groups[g]!];
    const fit = x.school === y.school ? null : yearFit(answersOf(eois[x.school]!, x.yearGroup), answersOf(eois[y.school]!, y.yearGroup));
    const value = fit ? { fit, points: pairPoints(factsOf(eois[x.school]!), factsOf(eois[y.school]!), fit, weights) } : null;
    groupPairs.set(key, value);
    return value;
  };

  const removedGroups = new Set(current(request.removed, 'removed').map(([a, b]) => [classes[a]!.group, classes[b]!.group].sort((x, y) => x - y).join(':')));
  const isRemoved = (g: number, h: number) => removedGroups.has(g < h ? `${g}:${h}` : `${h}:${g}`);

  // Locked pairs: the coordinator's, then existing partners who named each other.
  const locked: [number, number][] = [];
  const lockedBy = new Map<number, 'coordinator' | 'partners'>();
  const lock = (a: number, b: number, by: 'coordinator' | 'partners') => {
    locked.push([a, b]);
    lockedBy.set(a, by).set(b, by);
  };
  for (const [a, b] of current(request.locked, 'locked')) {
    for (const c of [a, b]) if (lockedBy.has(c)) throw new MatchingError('class-locked-twice', `class ${classes[c]!.classId} is in two locked pairs`);
    if (!groupPair(classes[a]!.group, classes[b]!.group)) {
      throw new MatchingError('pair-not-allowed', `${describe(classes[a]!)} and ${describe(classes[b]!)} cannot be linked: ${classes[a]!.school === classes[b]!.school ? 'they are of the same school' : "their year groups do not fit the schools' answers"}`);
    }
    lock(a, b, 'coordinator');
  }
  for (const [s, eoi] of eois.entries()) {
    const t = eois.findIndex((o) => eoi.keepPartnerSchoolName && schoolKey(o.schoolName) === schoolKey(eoi.keepPartnerSchoolName));
    if (t <= s || !eois[t]!.keepPartnerSchoolName || schoolKey(eois[t]!.keepPartnerSchoolName!) !== schoolKey(eoi.schoolName)) continue;
    // Year groups whose pairing the coordinator removed are not kept either.
    const kept = keptPartnerPairs(classes, s, t, (g, h) => (isRemoved(g, h) ? null : groupPair(g, h)), (c) => lockedBy.has(c));
    if (kept.length === 0) notes.push(`${eoi.schoolName} and ${eois[t]!.schoolName} asked to keep their link, but none of their free year groups fit each other's answers, or you removed their pairing`);
    for (const [a, b] of kept) lock(a, b, 'partners');
  }

  const pairs: SolverPair[] = [];
  for (let g = 0; g < groups.length; g++) {
    for (let h = g + 1; h < groups.length; h++) {
      const gp = groupPair(g, h);
      if (!gp || isRemoved(g, h)) continue;
      for (const a of groups[g]!.members) for (const b of groups[h]!.members) pairs.push({ a, b, points: gp.points.points });
    }
  }
  // Locked pairs count with their points even when the coordinator removed their groups.
  for (const [a, b] of locked) if (isRemoved(classes[a]!.group, classes[b]!.group)) pairs.push({ a, b, points: groupPair(classes[a]!.group, classes[b]!.group)!.points.points });

  const togetherPoints = weights.together * TOGETHER_POINTS_PER_WEIGHT;
  const solved = solveMatching({ classes, pairs, locked, togetherPoints });
  const { mate } = solved;

  const proposals: MatchProposal[] = [];
  let points = 0;
  for (const [a, b] of [...mate.entries()].filter(([v, u]) => u > v)) {
    const gp = groupPair(classes[a]!.group, classes[b]!.group)!;
    let score = gp.points.points;
    const reasons = [...gp.points.reasons];
    for (const c of [a, b]) {
      const g = groups[classes[c]!.group]!;
      if (!solved.together.has(classes[c]!.group)) continue;
      score += togetherPoints / g.members.length;
      reasons.push(`all ${g.members.length} of ${eois[g.school]!.schoolName}'s ${g.yearGroup} classes with ${eois[classes[mate[c]!]!.school]!.schoolName}`);
    }
    const by = lockedBy.get(a);
    if (by === 'partners') reasons.unshift('existing partners: both schools asked to keep their link');
    if (by === 'coordinator') reasons.unshift('locked by the coordinator');
    points += score;
    proposals.push({ classIds: [classes[a]!.classId, classes[b]!.classId], score: Math.round(score * 10) / 10, reasons, locked: by === 'coordinator' });
  }

  const unmatched = classes.flatMap((c, i) => (mate[i]! >= 0 ? [] : [{ classId: c.classId, reasons: whyUnmatched(i, classes, groups, eois, groupPair, isRemoved) }]));
  return {
    proposals,
    unmatched,
    classes: classes.map(({ classId, eoiId, schoolName, yearGroup }) => ({ classId, eoiId, schoolName, yearGroup })),
    weights,
    objective: { linked: classes.length - unmatched.length, classes: classes.length, points: Math.round(points * 10) / 10, optimal: solved.optimal, bound: Math.round(solved.bound * 10) / 10 },
    notes,
    stats: { searchNodes: solved.stats.nodes, matchings: solved.stats.matchings, ms: Math.round(performance.now() - started) },
  };
}

const describe = (c: MatchClassView) => `${c.schoolName} ${c.yearGroup} (${c.classId.split(':')[2]})`;

/** The most and best pairs between two schools that asked to keep their link. */
function keptPartnerPairs(classes: MatchClass[], s: number, t: number, groupPair: (g: number, h: number) => GroupPair | null, taken: (c: number) => boolean): [number, number][] {
  const ours = classes.map((_, i) => i).filter((i) => classes[i]!.school === s && !taken(i));
  const theirs = classes.map((_, i) => i).filter((i) => classes[i]!.school === t && !taken(i));
  const local = [...ours, ...theirs];
  const edges = [];
  const most = local.length * 1000 + 1;
  for (const [x, a] of ours.entries()) {
    for (const [y, b] of theirs.entries()) {
      const gp = groupPair(classes[a]!.group, classes[b]!.group);
      if (gp) edges.push({ a: x, b: ours.length + y, w: most + gp.points.points + 1 });
    }
  }
  if (edges.length === 0) return [];
  const { mate } = maxWeightMatching(local.length, edges, { candidatesPerVertex: local.length });
  return ours.flatMap((a, x) => (mate[x]! >= 0 ? [[a, local[mate[x]!]!] as [number, number]] : []));
}

function whyUnmatched(
  i: number,
  classes: MatchClass[],
  groups: Group[],
  eois: EoiView[],
  groupPair: (g: number, h: number) => GroupPair | null,
  isRemoved: (g: number, h: number) => boolean,
): string[] {
  const c = classes[i]!;
  const eoi = eois[c.school]!;
  const fitting = groups.map((_, h) => h).filter((h) => groupPair(c.group, h));
  const rule = eoi.exactYearNotEssential
    ? `${eoi.schoolName} would link ${c.yearGroup} or a year either side, but a neighbouring year fits only a school that said the same`
    : `${eoi.schoolName} needs an exact year-group match (question 2)${eoi.alternativeYearGroups.length ? `, or its alternatives ${eoi.alternativeYearGroups.join(', ')}` : ''}`;
  if (fitting.length === 0) return [`no other school's class fits this ${c.yearGroup} class: ${rule}`];
  const open = fitting.filter((h) => !isRemoved(c.group, h));
  if (open.length === 0) return ['the pairs you removed were its only fits'];
  const partnerClasses = open.reduce((n, h) => n + groups[h]!.members.length, 0);
  const schools = new Set(open.map((h) => groups[h]!.school)).size;
  const removed = fitting.filter((h) => isRemoved(c.group, h)).reduce((n, h) => n + groups[h]!.members.length, 0);
  return [
    partnerClasses === 1
      ? 'the one class it could link with is linked to another, and linking it instead would leave that other class unlinked'
      : `its ${partnerClasses} possible partner classes (at ${schools} school${schools === 1 ? '' : 's'}) are all linked to others, and linking it would leave another class unlinked`,
    ...(removed > 0 ? [`the pairs you removed ruled out ${removed} other class${removed === 1 ? '' : 'es'}`] : []),
    ...(!eoi.priority && eois.some((e) => e.priority) ? ['priority schools (not linked last year) are linked first'] : []),
  ];
}
