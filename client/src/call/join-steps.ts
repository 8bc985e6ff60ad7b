// When each step of joining happened on this page (performance.now(), ms), so that
// bench:join can show where the time between admission and the first picture goes.
export type JoinStep =
  // Before the call code runs (a teacher's call page loading): the app's script started,
  // the session answered, the call page's own code loaded, first rendered, and mounted.
  | 'app-start'
  | 'session-known'
  | 'call-code-loaded'
  | 'call-page-rendered'
  | 'call-page-mounted'
  | 'socket-connected'
  | 'device-loaded'
  | 'join-ack'
  | 'admitted'
  | 'media-join-ack'
  | 'recv-transport'
  // A transport connected with the DTLS parameters media:join announced (no connect round trip).
  | 'connect-announced'
  | 'consumers-created'
  | 'recv-connected'
  | 'local-media'
  | 'producing';

const steps = new Map<JoinStep, number>();

/** Records a step the first time it happens (a rebuild after a failure does not move it). */
export function markJoinStep(step: JoinStep): void {
  if (steps.has(step)) return;
  steps.set(step, performance.now());
  // Seen in a performance trace (bench:join's BENCH_TRACE) beside what the page was doing.
  performance.mark(`linkroom:${step}`);
}

export function joinSteps(): Partial<Record<JoinStep, number>> {
  return Object.fromEntries(steps);
}
