// A call's agenda: the steps of its lesson with durations, and where the call is.
export interface AgendaStep {
  title: string;
  durationMin: number;
  /** Opens the shared whiteboard when the whiteboard exists. */
  kind?: 'whiteboard';
}

/** The standard shape of a linking call (PRODUCT.md), used when the lesson has none. */
export const DEFAULT_AGENDA: AgendaStep[] = [
  { title: 'Welcome', durationMin: 5 },
  { title: 'Each class shares its identity posters', durationMin: 15 },
  { title: 'A game together', durationMin: 10 },
  { title: 'Draw our town together', durationMin: 15, kind: 'whiteboard' },
  { title: 'Goodbye', durationMin: 5 },
];

/** The step after moving by `delta`, kept inside the agenda. */
export function moveStep(current: number, delta: 1 | -1, steps: number): number {
  return Math.min(Math.max(current + delta, 0), Math.max(steps - 1, 0));
}
