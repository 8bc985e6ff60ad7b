// Every redacted payload must be explained by the retention run that removed it: its
// marker names that run's `retention.run` event (bySeq), which comes later in the chain,
// belongs to the same programme and was due for that kind of event. A payload removed
// with a forged marker is caught here. Pure: fed the events of a walk in order.
import type { JsonValue } from '../../shared/schemas/log.js';
import type { ChainBreak, ChainCheck, StoredLogEvent } from './hash-chain.js';
import { RETENTION_EVENT_PREFIXES, type RetentionCategory } from './retention-rules.js';

interface Owed {
  /** The first redacted event that names this run: the one a report names. */
  firstSeq: number;
  /** "programmeId type" of every event that names it. */
  kinds: Set<string>;
}

const kindOf = (e: StoredLogEvent) => `${e.scope.programmeId ?? ''} ${e.type}`;

/** Whether a retention run's event covers redactions of these kinds. */
function covers(run: StoredLogEvent, kinds: Set<string>): boolean {
  if (run.type !== 'retention.run' || run.payload === undefined) return false;
  const due = ((run.payload as { due?: JsonValue }).due ?? []) as RetentionCategory[];
  const prefixes = due.flatMap((c) => RETENTION_EVENT_PREFIXES[c] ?? []);
  for (const kind of kinds) {
    const [programmeId, type] = kind.split(' ') as [string, string];
    if (programmeId !== run.scope.programmeId || !prefixes.some((p) => type.startsWith(p))) return false;
  }
  return true;
}

export class RedactionLedger implements ChainCheck {
  private readonly owed = new Map<number, Owed>();
  private unexplained: number | undefined;

  /** Notes one event of the walk; an unexplained redaction breaks the walk once it is known. */
  see(e: StoredLogEvent): ChainBreak | undefined {
    const seq = this.note(e);
    return seq === undefined ? undefined : { seq, reason: 'unexplained-redaction' };
  }

  /** At the end of the walk: a redaction naming a run the walk never reached. */
  finish(): ChainBreak | undefined {
    for (const owed of this.owed.values()) this.unexplained = Math.min(this.unexplained ?? Infinity, owed.firstSeq);
    return this.unexplained === undefined ? undefined : { seq: this.unexplained, reason: 'unexplained-redaction' };
  }

  private note(e: StoredLogEvent): number | undefined {
    if (e.payload === undefined && e.redacted) {
      const bySeq = e.redacted.bySeq;
      if (typeof bySeq !== 'number' || bySeq <= e._id) return (this.unexplained ??= e._id);
      const owed = this.owed.get(bySeq) ?? { firstSeq: e._id, kinds: new Set<string>() };
      owed.kinds.add(kindOf(e));
      this.owed.set(bySeq, owed);
    }
    const owed = this.owed.get(e._id);
    if (owed) {
      this.owed.delete(e._id);
      if (!covers(e, owed.kinds)) return (this.unexplained ??= owed.firstSeq);
    }
    return this.unexplained;
  }
}
