// A programme's impact in the figures the seeds report: schools, classes, links, children,
// calls held and their minutes, pupils' work exchanged, and how far each link has come
// through the year plan. Pure: the route gathers the documents.
import type { Impact } from '../../shared/impact.js';

export type { Impact };
export interface ImpactInput {
  schools: number;
  classes: { id: string; pupilCount: number }[];
  links: { id: string; name: string; status: 'proposed' | 'confirmed' | 'ended'; classIds: string[]; phase: number; done: number }[];
  calls: { liveAt?: Date | null; endedAt?: Date | null }[];
  exchangeItems: number;
  milestonesInPlan: number;
}

const MS_PER_MINUTE = 60_000;

export function impactOf(input: ImpactInput): Impact {
  const pupils = new Map(input.classes.map((c) => [c.id, c.pupilCount]));
  const active = input.links.filter((l) => l.status !== 'proposed');
  const linkedClasses = new Set(active.flatMap((l) => l.classIds));
  const held = input.calls.filter((c) => c.liveAt);
  return {
    schools: input.schools,
    classes: input.classes.length,
    children: [...linkedClasses].reduce((sum, id) => sum + (pupils.get(id) ?? 0), 0),
    links: {
      proposed: input.links.filter((l) => l.status === 'proposed').length,
      confirmed: input.links.filter((l) => l.status === 'confirmed').length,
      ended: input.links.filter((l) => l.status === 'ended').length,
    },
    calls: {
      held: held.length,
      minutes: Math.round(
        held.reduce((sum, c) => sum + (c.endedAt && c.liveAt ? Math.max(0, c.endedAt.getTime() - c.liveAt.getTime()) : 0), 0) / MS_PER_MINUTE,
      ),
    },
    exchangeItems: input.exchangeItems,
    linkProgress: active.map((l) => ({ linkId: l.id, name: l.name, phase: l.phase, done: l.done, total: input.milestonesInPlan })),
  };
}

/** The same figures as rows, for a spreadsheet. */
export function impactRows(impact: Impact): (string | number)[][] {
  return [
    ['figure', 'value'],
    ['schools', impact.schools],
    ['classes', impact.classes],
    ['children in linked classes', impact.children],
    ['links proposed', impact.links.proposed],
    ['links confirmed', impact.links.confirmed],
    ['links ended', impact.links.ended],
    ['calls held', impact.calls.held],
    ['call minutes', impact.calls.minutes],
    ['exchange items', impact.exchangeItems],
    [],
    ['link', 'phase', 'milestones done', 'milestones in plan'],
    ...impact.linkProgress.map((l) => [l.name, l.phase, l.done, l.total]),
  ];
}
