// One event as the log holds it, and its place in the hash chain.
import type { LogEventView } from '../../../shared/schemas/log';
import { describeEvent } from './event-kinds';

export function EventDetail({ event, onConcern }: { event: LogEventView; onConcern?: () => void }) {
  return (
    <section className="card event-detail" aria-labelledby={`event-${event.seq}-h`} data-testid="event-detail">
      <h3 id={`event-${event.seq}-h`}>
        Event #{event.seq}: {event.type}
      </h3>
      <p>{describeEvent(event)}</p>
      <dl className="facts">
        <dt>When</dt>
        <dd>{new Date(event.at).toLocaleString()}</dd>
        <dt>Who</dt>
        <dd>
          {event.actor.label ?? event.actor.id} ({event.actor.kind}, {event.role})
        </dd>
        <dt>Place in the chain</dt>
        <dd>
          follows #{event.seq - 1} (its hash <code>{event.prevHash.slice(0, 16)}…</code>); this event’s hash{' '}
          <code title={event.hash}>{event.hash.slice(0, 16)}…</code>
        </dd>
      </dl>
      {event.redacted ? (
        <p className="muted">The details were removed by the retention policy; the event keeps its place and hash.</p>
      ) : (
        <pre className="payload">{JSON.stringify(event.payload, null, 2)}</pre>
      )}
      {onConcern && (
        <button type="button" className="secondary" onClick={onConcern}>
          Raise a concern about this
        </button>
      )}
    </section>
  );
}
