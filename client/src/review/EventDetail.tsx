// One event as the log holds it, and its place in the hash chain.
import type { LogEventView } from '../../../shared/schemas/log';
import { describeEvent } from './event-kinds';
import { payloadFields } from '../../../shared/payload-fields';

const UK_TIME: Intl.DateTimeFormatOptions = { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'medium' };

export function EventDetail({ event, onConcern }: { event: LogEventView; onConcern?: () => void }) {
  const { shown, technical } = payloadFields(event.payload);
  return (
    <section className="card event-detail" aria-labelledby={`event-${event.seq}-h`} data-testid="event-detail">
      <h3 id={`event-${event.seq}-h`}>{describeEvent(event)}</h3>
      <dl className="facts">
        <dt>When</dt>
        <dd>{new Date(event.at).toLocaleString('en-GB', UK_TIME)} (UK time)</dd>
        <dt>Who</dt>
        <dd>
          {event.actor.label ?? 'someone not named'} ({event.actor.kind === 'device' ? 'a class device' : event.actor.kind}, {event.role})
        </dd>
        {!event.redacted && shown.map((f) => [<dt key={`${f.label}-t`}>{f.label}</dt>, <dd key={`${f.label}-d`}>{f.value}</dd>])}
      </dl>
      {event.redacted && <p className="muted">The details were removed by the retention policy; the event keeps its place and hash.</p>}
      <details className="technical">
        <summary>Technical details</summary>
        <dl className="facts">
          <dt>Event</dt>
          <dd>
            #{event.seq}, <code>{event.type}</code>
          </dd>
          <dt>Actor id</dt>
          <dd>
            <code>{event.actor.id}</code>
          </dd>
          {!event.redacted &&
            technical.map((f) => [
              <dt key={`${f.label}-t`}>{f.label}</dt>,
              <dd key={`${f.label}-d`}>
                <code>{f.value}</code>
              </dd>,
            ])}
          <dt>Place in the chain</dt>
          <dd>
            follows #{event.seq - 1} (its hash <code>{event.prevHash.slice(0, 16)}…</code>); this event’s hash{' '}
            <code title={event.hash}>{event.hash.slice(0, 16)}…</code>
          </dd>
        </dl>
      </details>
      {onConcern && (
        <button type="button" className="secondary" onClick={onConcern}>
          Raise a concern about this
        </button>
      )}
    </section>
  );
}
