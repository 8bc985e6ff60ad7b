// Expressions of interest shaped like a local authority's (Lancashire's form and figures:
// mostly Key Stage 2, one year group per school, one to three classes in it), at any size.
// Deterministic for a seed.
import type { EoiView } from '../../../shared/schemas/eoi.js';
import { YEAR_GROUPS, type YearGroup } from '../../../shared/year-groups.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const YEAR_WEIGHTS: Record<YearGroup, number> = { R: 0.03, Y1: 0.04, Y2: 0.05, Y3: 0.2, Y4: 0.24, Y5: 0.24, Y6: 0.2 };

/** `flexibleShare`: the share of schools answering that an exact year group is not essential. */
export function generateEois(classCount: number, seed = 1, flexibleShare = 0.5): EoiView[] {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const year = (): YearGroup => {
    let r = random();
    for (const y of YEAR_GROUPS) if ((r -= YEAR_WEIGHTS[y]) <= 0) return y;
    return 'Y6';
  };
  const eois: EoiView[] = [];
  let classes = 0;
  while (classes < classCount) {
    const n = eois.length;
    const yearCount = random() < 0.7 ? 1 : random() < 0.85 ? 2 : 3;
    const years = new Set<YearGroup>();
    while (years.size < yearCount) years.add(year());
    const entries = [...years].flatMap((yearGroup) => {
      const count = Math.min(classCount - classes, random() < 0.55 ? 1 : random() < 0.8 ? 2 : 3);
      classes += Math.max(count, 0);
      return count > 0 ? [{ yearGroup, count }] : [];
    });
    if (entries.length === 0) break;
    const flexible = random() < flexibleShare;
    eois.push({
      id: (0x665f00000000 + n).toString(16).padStart(24, '0'),
      programmeId: '665f1c0ffee0000000000002',
      schoolName: `School ${String(n + 1).padStart(4, '0')}`,
      telephone: '01772 000000',
      email: `head${n}@school.example`,
      headTeacher: `Head ${n}`,
      classes: entries,
      closenessMatters: random() < 0.4,
      exactYearNotEssential: flexible,
      alternativeYearGroups: !flexible && random() < 0.3 ? [pick(YEAR_GROUPS.filter((y) => !years.has(y)))] : [],
      location: { lat: 53.7 + random() * 0.4, lng: -3.0 + random() * 0.9 },
      profile: {
        setting: pick(['urban', 'suburban', 'rural'] as const),
        faith: random() < 0.3 ? 'faith' : 'non-faith',
        bands: { deprivation: 1 + Math.floor(random() * 5), eal: 1 + Math.floor(random() * 5) },
      },
      priority: random() < 0.3,
      submissions: 1,
      submittedAt: '2026-09-01T09:00:00.000Z',
    });
  }
  // A few schools that would keep an existing partner, both naming the other.
  for (let i = 0; i + 1 < eois.length; i += 20) {
    eois[i]!.keepPartnerSchoolName = eois[i + 1]!.schoolName;
    eois[i + 1]!.keepPartnerSchoolName = eois[i]!.schoolName;
  }
  return eois;
}
