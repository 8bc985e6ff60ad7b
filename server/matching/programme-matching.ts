// Matching a programme's expressions of interest: classes from the forms, the hard rules,
// each pair's points and reasons, the exact solve, and every proposal and unmatched class
// explained. Pure: the route loads the forms and stores the result.
import { schoolKey, type EoiView } from '../../shared/schemas/eoi.js';
import type { MatchClassView, MatchingResult, MatchingRunRequest, MatchingWeights, MatchProposal } from '../../shared/schemas/matching.js';
import { YEAR_GROUPS, type YearGroup } from '../../shared/year-groups.js';
import { MatchingError } from './errors.js';
import { pairScore, type SchoolFacts } from './pair-points.js';
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
  points: number;
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

const factsOf = (e: EoiView): SchoolFacts => ({
  name: e.schoolName,
  closenessMatters: e.closenessMatters,
  location: e.location,
  profile: e.profile,
  priority: e.priority,
});
const answersOf = (e: EoiView, yearGroup: YearGroup): YearAnswers => ({
  yearGroup,
  exactYearNotEssential: e.exactYearNotEssential,
  alternativeYearGroups: e.alternativeYearGroups,
});

export function matchProgramme(
  unsortedEois: readonly EoiView[],
  request: MatchingRunRequest,
  weights: MatchingWeights,
  linked: ReadonlySet<string> = new Set(),
): MatchingResult {
  const started = performance.now();
  // One order for the same forms, whatever order they were read in: the same proposals.
  const eois = [...unsortedEois].sort((a, b) => schoolKey(a.schoolName).localeCompare(schoolKey(b.schoolName)) || a.id.localeCompare(b.id));
  const { classes, groups } = classesOf(eois, linked);
  if (classes.length === 0)
    throw new MatchingError(
      'nothing-to-match',
      eois.length === 0
        ? 'no school has expressed interest yet: there is nothing to match'
        : 'every class of the expressions of interest is already in a confirmed link',
    );
  const indexOf = new Map(classes.map((c, i) => [c.classId, i]));
  const eoiIds = new Set(eois.map((e) => e.id));
  const notes: string[] = [];
  /** The pairs whose classes are still to match; a pair naming a class since linked, or
   * taken off its school's form, is dropped with a note (the coordinator's screen may hold
   * it from an earlier run); a class of no form at all is an error. */
  const current = (pairs: readonly (readonly [string, string])[], what: string): [number, number][] =>
    pairs.flatMap(([a, b]) => {
      for (const id of [a, b])
        if (!eoiIds.has(id.split(':')[0]!)) throw new MatchingError('unknown-class', `class ${id} is not a class of this programme's expressions of interest`);
      const [i, j] = [indexOf.get(a), indexOf.get(b)];
      if (i !== undefined && j !== undefined) return [[i, j] as [number, number]];
      notes.push(`the ${what} pair ${a} with ${b} was dropped: a class of it is now in a confirmed link or no longer on its school's form`);
      return [];
    });

  const { groupPair, forEachFittingPair } = groupPairsOf(eois, groups, weights);
  const removedGroups = new Set(current(request.removed, 'removed').map(([a, b]) => [classes[a]!.group, classes[b]!.group].sort((x, y) => x - y).join(':')));
  const isRemoved = (g: number, h: number) => removedGroups.has(g < h ? `${g}:${h}` : `${h}:${g}`);

  // The coordinator's locked pairs.
  const locked: [number, number][] = [];
  const lockedByCoordinator = new Set<number>();
  for (const [a, b] of current(request.locked, 'locked')) {
    for (const c of [a, b])
      if (lockedByCoordinator.has(c)) throw new MatchingError('class-locked-twice', `class ${classes[c]!.classId} is in two locked pairs`);
    if (!groupPair(classes[a]!.group, classes[b]!.group)) {
      throw new MatchingError(
        'pair-not-allowed',
        `${describe(classes[a]!)} and ${describe(classes[b]!)} cannot be linked: ${classes[a]!.school === classes[b]!.school ? 'they are of the same school' : "their year groups do not fit the schools' answers"}`,
      );
    }
    locked.push([a, b]);
    lockedByCoordinator.add(a).add(b);
  }
  // Existing partners who named each other. The solver keeps as many pairs between them
  // as their year groups allow, and chooses which of their classes those are so that the
  // whole programme does best: a choice made for the two schools alone can cost others.
  const schoolIndex = new Map(eois.map((e, i) => [schoolKey(e.schoolName), i]));
  const partnerOf = new Map<number, number>();
  for (const [s, eoi] of eois.entries()) {
    const t = eoi.keepPartnerSchoolName ? schoolIndex.get(schoolKey(eoi.keepPartnerSchoolName)) : undefined;
    if (t === undefined || t === s || !eois[t]!.keepPartnerSchoolName || schoolKey(eois[t]!.keepPartnerSchoolName) !== schoolKey(eoi.schoolName)) continue;
    partnerOf.set(s, t);
  }
  const partners = [...partnerOf].filter(([s, t]) => s < t);

  const pairs: SolverPair[] = [];
  forEachFittingPair((g, h, points) => {
    if (removedGroups.size > 0 && isRemoved(g, h)) return;
    for (const a of groups[g]!.members) for (const b of groups[h]!.members) pairs.push({ a, b, points });
  });
  // Locked pairs count with their points even when the coordinator removed their groups.
  for (const [a, b] of locked)
    if (isRemoved(classes[a]!.group, classes[b]!.group)) pairs.push({ a, b, points: groupPair(classes[a]!.group, classes[b]!.group)!.points });

  const togetherPoints = weights.together * TOGETHER_POINTS_PER_WEIGHT;
  noteUnkeptPartners(partners, pairs, classes, lockedByCoordinator, eois, notes);
  const solved = solveMatching({ classes, pairs, locked, partners, togetherPoints });
  const { mate } = solved;

  const proposals: MatchProposal[] = [];
  let points = 0;
  for (const [a, b] of [...mate.entries()].filter(([v, u]) => u > v)) {
    const [x, y] = [groups[classes[a]!.group]!, groups[classes[b]!.group]!];
    const gp = groupPair(classes[a]!.group, classes[b]!.group)!;
    const reasons: string[] = [];
    // The group pair's fit reads in the order of the lower group index.
    const [first, second] = classes[a]!.group < classes[b]!.group ? [x, y] : [y, x];
    let score = pairScore(factsOf(eois[first.school]!), factsOf(eois[second.school]!), gp.fit, weights, reasons);
    for (const c of [a, b]) {
      const g = groups[classes[c]!.group]!;
      if (!solved.together.has(classes[c]!.group)) continue;
      score += togetherPoints / g.members.length;
      reasons.push(`all ${g.members.length} of ${eois[g.school]!.schoolName}'s ${g.yearGroup} classes with ${eois[classes[mate[c]!]!.school]!.schoolName}`);
    }
    const byCoordinator = lockedByCoordinator.has(a);
    if (byCoordinator) reasons.unshift('locked by the coordinator');
    else if (partnerOf.get(classes[a]!.school) === classes[b]!.school) reasons.unshift('existing partners: both schools asked to keep their link');
    points += score;
    proposals.push({ classIds: [classes[a]!.classId, classes[b]!.classId], score: Math.round(score * 10) / 10, reasons, locked: byCoordinator });
  }

  const unmatched = classes.flatMap((c, i) =>
    mate[i]! >= 0 ? [] : [{ classId: c.classId, reasons: whyUnmatched(i, classes, groups, eois, groupPair, isRemoved) }],
  );
  return {
    proposals,
    unmatched,
    classes: classes.map(({ classId, eoiId, schoolName, yearGroup }) => ({ classId, eoiId, schoolName, yearGroup })),
    weights,
    objective: {
      linked: classes.length - unmatched.length,
      classes: classes.length,
      points: Math.round(points * 10) / 10,
      optimal: solved.optimal,
      bound: Math.round(solved.bound * 10) / 10,
    },
    notes,
    stats: { searchNodes: solved.stats.nodes, matchings: solved.stats.matchings, ms: Math.round(performance.now() - started) },
  };
}

/**
 * Which pairs of year groups fit (year-compatibility.ts), and their points. Many groups
 * give the same year answers, so a fit is worked out once per pair of distinct answers,
 * and only groups whose answers fit are ever paired: a programme of 1,000 classes has
 * hundreds of thousands of group pairs, most of which could never link.
 */
function groupPairsOf(eois: readonly EoiView[], groups: readonly Group[], weights: MatchingWeights) {
  const facts = eois.map(factsOf);
  const answerIds = new Map<string, number>();
  const answers: YearAnswers[] = [];
  const answerOf = groups.map((g) => {
    const a = answersOf(eois[g.school]!, g.yearGroup);
    const key = `${a.yearGroup}|${a.exactYearNotEssential}|${[...a.alternativeYearGroups].sort().join(',')}`;
    if (!answerIds.has(key)) answerIds.set(key, answers.push(a) - 1);
    return answerIds.get(key)!;
  });
  const fits = new Map<number, YearFit | null>();
  const fitOf = (x: number, y: number): YearFit | null => {
    const key = x * answers.length + y;
    if (!fits.has(key)) fits.set(key, yearFit(answers[x]!, answers[y]!));
    return fits.get(key)!;
  };
  /** Groups x < y: their fit and points, or null when they cannot link. */
  const scoreOf = (x: number, y: number): GroupPair | null => {
    const fit = groups[x]!.school === groups[y]!.school ? null : fitOf(answerOf[x]!, answerOf[y]!);
    return fit ? { fit, points: pairScore(facts[groups[x]!.school]!, facts[groups[y]!.school]!, fit, weights) } : null;
  };
  const pairs = new Map<number, GroupPair | null>();
  /** Groups g and h (either order), kept once worked out: the proposals and the reasons
   * ask again and again. */
  const groupPair = (g: number, h: number): GroupPair | null => {
    const [x, y] = g < h ? [g, h] : [h, g];
    const key = x * groups.length + y;
    if (!pairs.has(key)) pairs.set(key, scoreOf(x, y));
    return pairs.get(key)!;
  };
  /** Calls `fn` for every pair of groups that can link, lower index first, in index order. */
  function forEachFittingPair(fn: (g: number, h: number, points: number) => void): void {
    const withAnswers: number[][] = answers.map(() => []);
    for (const [g, id] of answerOf.entries()) withAnswers[id]!.push(g);
    const partners: number[] = [];
    for (let g = 0; g < groups.length; g++) {
      partners.length = 0;
      for (let id = 0; id < answers.length; id++) {
        if (!fitOf(answerOf[g]!, id)) continue;
        for (const h of withAnswers[id]!) if (h > g && groups[h]!.school !== groups[g]!.school) partners.push(h);
      }
      partners.sort((x, y) => x - y);
      // Not kept: most of these are looked at once.
      for (const h of partners) fn(g, h, scoreOf(g, h)!.points);
    }
  }
  return { groupPair, forEachFittingPair };
}

const describe = (c: MatchClassView) => `${c.schoolName} ${c.yearGroup} (${c.classId.split(':')[2]})`;

/** A note for each pair of partners none of whose free classes may link. */
function noteUnkeptPartners(
  partners: readonly [number, number][],
  pairs: readonly SolverPair[],
  classes: readonly MatchClass[],
  lockedByCoordinator: ReadonlySet<number>,
  eois: readonly EoiView[],
  notes: string[],
): void {
  if (partners.length === 0) return;
  const partnerOf = new Map(
    partners.flatMap(([s, t]) => [
      [s, t],
      [t, s],
    ]),
  );
  const canLink = new Set<number>();
  for (const { a, b } of pairs) {
    const s = classes[a]!.school;
    const t = classes[b]!.school;
    if (partnerOf.get(s) === t && !lockedByCoordinator.has(a) && !lockedByCoordinator.has(b)) canLink.add(Math.min(s, t));
  }
  for (const [s, t] of partners) {
    if (!canLink.has(Math.min(s, t)))
      notes.push(
        `${eois[s]!.schoolName} and ${eois[t]!.schoolName} asked to keep their link, but none of their free year groups fit each other's answers, or you removed their pairing`,
      );
  }
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
