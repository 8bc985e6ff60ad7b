// Every redacted payload must be explained by what removed it: its marker names (bySeq) a
// later event of the chain — a `retention.run` of the same programme that was due for that
// kind of event, or a `user.erased` of the person whose own account event it was. A payload
// removed with a forged marker is caught here. Pure: fed the events of a walk in order.
import type { JsonValue } from '../../shared/schemas/log.js';
import type { ChainBreak, ChainCheck, StoredLogEvent } from './hash-chain.js';
import { ERASED_EVENT_PREFIXES, RETENTION_EVENT_PREFIXES, type RetentionCategory } from './retention-rules.js';

interface Owed {
  /** The first redacted event that names this run: the one a report names. */
  firstSeq: number;
  /** "programmeId type actorId" of every event that names it. */
  kinds: Set<string>;
}

const kindOf = (e: StoredLogEvent) => `${e.scope.programmeId ?? ''} ${e.type} ${e.actor.id}`;

/** Whether a retention run's or an erasure's event covers redactions of these kinds. */
function covers(by: StoredLogEvent, kinds: Set<string>): boolean {
  if (by.payload === undefined) return false;
  const erasedUser = by.type === 'user.erased' ? String((by.payload as { userId?: string }).userId ?? '') : undefined;
  const due = by.type === 'retention.run' ? (((by.payload as { due?: JsonValue }).due ?? []) as RetentionCategory[]) : [];
  const prefixes = erasedUser ? ERASED_EVENT_PREFIXES : due.flatMap((c) => RETENTION_EVENT_PREFIXES[c] ?? []);
  if (prefixes.length === 0) return false;
  for (const kind of kinds) {
    const [programmeId, type, actorId] = kind.split(' ') as [string, string, string];
    if (!prefixes.some((p) => type.startsWith(p))) return false;
    if (erasedUser ? actorId !== erasedUser : programmeId !== by.scope.programmeId) return false;
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
