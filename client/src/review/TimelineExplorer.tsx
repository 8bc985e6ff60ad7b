// The DSL's timeline: pick a call, a link or a school, narrow by kind of event, person and
// time, see the picture and the list, open any event. Reading it is logged by the server.
import { useMemo, useState } from 'react';
import type { Grant } from '../../../shared/auth';
import type { ConcernSubject, TimelineView } from '../../../shared/schemas/safeguarding';
import type { Link, Programme, School } from '../api/types';
import { useResource } from '../api/use-resource';
import { SchoolSelect } from '../components/SchoolSelect';
import { subjectOfEvent } from './concern-subject';
import { EventDetail } from './EventDetail';
import { EVENT_GROUPS, describeEvent, groupOf, typesOf, type EventGroupKey } from './event-kinds';
import { TimelineChart } from './TimelineChart';

interface CallRecord {
  id: string;
  title: string;
  status: string;
  createdAt: string;
}
type ScopeKind = 'call' | 'link' | 'school';

const linkName = (l: Link) => l.members?.map((m) => `${m.name} (${m.schoolName})`).join(' ↔ ') ?? l.id;

export function TimelineExplorer({
  programme,
  links,
  schools,
  grants,
  onConcern,
}: {
  programme: Programme;
  links: Link[];
  schools: School[];
  grants: Grant[];
  onConcern: (s: ConcernSubject) => void;
}) {
  // A school DSL sees only links and schools of their own school.
  const ownSchools = grants.some((g) => g.role === 'programme-dsl') ? null : new Set(grants.flatMap((g) => (g.schoolId ? [g.schoolId] : [])));
  const visibleLinks = links.filter((l) => !ownSchools || l.schoolIds.some((s) => ownSchools.has(s)));
  const visibleSchools = schools.filter((s) => !ownSchools || ownSchools.has(s.id));
  const [kind, setKind] = useState<ScopeKind>('call');
  const [linkId, setLinkId] = useState(visibleLinks[0]?.id ?? '');
  const [callId, setCallId] = useState('');
  const [schoolId, setSchoolId] = useState(visibleSchools[0]?.id ?? '');
  const [groups, setGroups] = useState<EventGroupKey[]>(EVENT_GROUPS.map((g) => g.key));
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [selected, setSelected] = useState<number>();

  // A new place to look starts with no person and no event chosen.
  const lookAt =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setActor('');
      setSelected(undefined);
    };
  const calls = useResource<CallRecord[]>(kind === 'call' && linkId ? `/api/links/${linkId}/call-records` : null);
  const chosenCall = callId || calls.data?.[0]?.id || '';
  const query = useMemo(() => {
    if (groups.length === 0) return null;
    const q = new URLSearchParams({ limit: '5000' });
    if (kind === 'call') {
      if (!chosenCall) return null;
      q.set('callId', chosenCall);
    } else if (kind === 'link') {
      if (!linkId) return null;
      q.set('linkId', linkId);
    } else {
      if (!schoolId) return null;
      q.set('schoolId', schoolId);
    }
    if (groups.length < EVENT_GROUPS.length) q.set('types', typesOf(groups).join(','));
    if (actor) q.set('actor', actor);
    if (from) q.set('from', new Date(from).toISOString());
    if (to) q.set('to', new Date(to).toISOString());
    return `/api/programmes/${programme.id}/timeline?${q}`;
  }, [kind, chosenCall, linkId, schoolId, groups, actor, from, to, programme.id]);
  const timeline = useResource<TimelineView>(query);
  const events = useMemo(() => timeline.data?.events ?? [], [timeline.data]);
  const actors = useMemo(() => [...new Map(events.map((e) => [e.actor.id, e.actor.label ?? e.actor.id])).entries()], [events]);
  const event = events.find((e) => e.seq === selected);
  const subject = event ? subjectOfEvent(event) : null;

  return (
    <section aria-labelledby="timeline-h" data-testid="dsl-timeline">
      <h2 id="timeline-h">Timeline</h2>
      <div className="inline-form">
        <label>
          Look at
          <select value={kind} onChange={(e) => lookAt(setKind)(e.target.value as ScopeKind)} data-testid="timeline-kind">
            <option value="call">One call</option>
            <option value="link">A link (all its calls and exchange)</option>
            <option value="school">A school</option>
          </select>
        </label>
        {kind !== 'school' && (
          <label>
            Link
            <select
              value={linkId}
              onChange={(e) => {
                lookAt(setLinkId)(e.target.value);
                setCallId('');
              }}
              data-testid="timeline-link"
            >
              {visibleLinks.map((l) => (
                <option key={l.id} value={l.id}>
                  {linkName(l)}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'call' && (
          <label>
            Call
            <select value={chosenCall} onChange={(e) => lookAt(setCallId)(e.target.value)} data-testid="timeline-call">
              {(calls.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title} — {new Date(c.createdAt).toLocaleString()} ({c.status})
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'school' && <SchoolSelect schools={visibleSchools} value={schoolId} onChange={lookAt(setSchoolId)} />}
        <label>
          Person
          <select value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">Everyone</option>
            {actors.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <fieldset className="groups">
          <legend>Kinds of event</legend>
          {EVENT_GROUPS.map((g) => (
            <label key={g.key} className="check">
              <input
                type="checkbox"
                checked={groups.includes(g.key)}
                onChange={(e) => setGroups(e.target.checked ? [...groups, g.key] : groups.filter((k) => k !== g.key))}
              />
              <span className="swatch" style={{ background: g.colour }} aria-hidden="true" /> {g.label}
            </label>
          ))}
        </fieldset>
      </div>
      {kind === 'call' && chosenCall && (
        <p className="actions">
          <a className="button" href={`/api/calls/${chosenCall}/export?format=pdf`} data-testid="export-pdf">
            Export this call as PDF
          </a>
          <a className="button secondary" href={`/api/calls/${chosenCall}/export?format=csv`}>
            Export as CSV
          </a>
        </p>
      )}
      {groups.length === 0 && <p className="muted">Tick at least one kind of event to see the timeline.</p>}
      {timeline.loading && (
        <p role="status" className="muted">
          Reading the safeguarding log… <progress aria-label="Reading the safeguarding log" />
        </p>
      )}
      {(timeline.error || calls.error) && <p role="alert">{timeline.error ?? calls.error}</p>}
      {kind === 'call' && calls.data?.length === 0 && <p className="muted">This link has had no calls yet.</p>}
      {query && timeline.data && (
        <>
          <p className="muted" role="status">
            {events.length} events{timeline.data.truncated ? ' (the first 5,000: narrow the filters to see the rest)' : ''}. Opening this timeline was recorded
            in the safeguarding log.
          </p>
          <TimelineChart events={events} lanes={timeline.data.lanes} selected={selected} onSelect={setSelected} />
          <p className="legend muted">
            <span className="swatch" style={{ background: '#1d3557' }} aria-hidden="true" /> a teacher present{' '}
            <span className="swatch" style={{ background: '#2a9d8f' }} aria-hidden="true" /> a class present · each tick below is an event: choose one to open
            it
          </p>
          <div className="timeline-body">
            <table className="events">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">When</th>
                  <th scope="col">What happened</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.seq} aria-selected={e.seq === selected} className={e.seq === selected ? 'selected' : undefined}>
                    <td>{e.seq}</td>
                    <td>{new Date(e.at).toLocaleTimeString()}</td>
                    <td>
                      <button type="button" className="link-button" onClick={() => setSelected(e.seq)} data-testid="timeline-event" data-type={e.type}>
                        <span className="swatch" style={{ background: groupOf(e.type)?.colour ?? '#888' }} aria-hidden="true" /> {describeEvent(e)}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {event && <EventDetail event={event} {...(subject ? { onConcern: () => onConcern(subject) } : {})} />}
          </div>
        </>
      )}
    </section>
  );
}
