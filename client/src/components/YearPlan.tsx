import { useEffect, useState } from 'react';
import type { YearPlan as Plan } from '../../../shared/schemas/programme';

interface Props {
  plan: Plan;
  done: ReadonlySet<string>;
  /** Present when the viewer may record progress; rejects when the server refused. */
  onToggle?: (milestoneKey: string, done: boolean) => Promise<unknown>;
}

/** The linking year as three phases, each with a progress bar and its milestones. */
export function YearPlan({ plan, done, onToggle }: Props) {
  // Ticks show at once; they settle to the server's answer when it arrives.
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  useEffect(() => setPending(new Map()), [done]);
  const isDone = (key: string) => pending.get(key) ?? done.has(key);
  const toggle = (key: string, value: boolean) => {
    setPending((p) => new Map(p).set(key, value));
    onToggle?.(key, value).catch(() =>
      setPending((p) => {
        const next = new Map(p);
        next.delete(key);
        return next;
      }),
    );
  };
  return (
    <ol className="phases">
      {plan.phases.map((phase) => {
        const count = phase.milestones.filter((m) => isDone(m.key)).length;
        return (
          <li key={phase.number} className="phase">
            <h4>
              Phase {phase.number}: {phase.title}
            </h4>
            <progress max={phase.milestones.length} value={count} aria-label={`Phase ${phase.number} progress`}>
              {count} of {phase.milestones.length}
            </progress>
            <span className="muted">
              {' '}
              {count} of {phase.milestones.length} done
            </span>
            <ul className="milestones">
              {phase.milestones.map((m) => (
                <li key={m.key}>
                  <label>
                    <input type="checkbox" checked={isDone(m.key)} disabled={!onToggle} onChange={(e) => toggle(m.key, e.target.checked)} />
                    {m.title}
                    {m.due ? <span className="muted"> (by {m.due})</span> : null}
                  </label>
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
