// What a link teacher does next, first on the dashboard: a call to join now, the next
// milestone of the year, work waiting for their approval and the partner class's new work.
import { Link as RouterLink } from 'react-router';
import type { ExchangeWall } from '../../../shared/schemas/exchange';
import type { Link, Programme } from '../api/types';
import { useResource } from '../api/use-resource';
import { useLiveCalls } from './use-live-calls';

/** Work the partner posted within this many days counts as new. */
const NEW_WORK_DAYS = 7;

export function TeacherNext({ programme, links, mySchoolIds }: { programme: Programme; links: Link[]; mySchoolIds: string[] }) {
  const mine = links.filter((l) => l.status === 'confirmed' && l.schoolIds.some((s) => mySchoolIds.includes(s)));
  if (mine.length === 0) return null;
  return (
    <section aria-labelledby="next-h" className="teacher-next" data-testid="teacher-next">
      <h2 id="next-h">What’s next</h2>
      <ul className="plain">
        {mine.map((link) => (
          <LinkNext key={link.id} programme={programme} link={link} mySchoolIds={mySchoolIds} />
        ))}
      </ul>
    </section>
  );
}

function LinkNext({ programme, link, mySchoolIds }: { programme: Programme; link: Link; mySchoolIds: string[] }) {
  const calls = useLiveCalls(link.id);
  const { data: wall } = useResource<ExchangeWall>(`/api/links/${link.id}/exchange`);
  const done = new Set(link.progress.map((p) => p.milestoneKey));
  const next = programme.plan.phases.flatMap((p) => p.milestones).find((m) => !done.has(m.key));
  const partner = link.members?.filter((m) => !mySchoolIds.includes(m.schoolId)).map((m) => `${m.schoolName} — ${m.name}`) ?? [];
  const waiting = wall?.items.filter((i) => i.may.approve).length ?? 0;
  const since = Date.now() - NEW_WORK_DAYS * 86_400_000;
  const fresh = wall?.items.filter((i) => !mySchoolIds.includes(i.fromSchoolId) && new Date(i.createdAt).getTime() > since).length ?? 0;
  return (
    <li className="card next-card">
      <h3>With {partner.join(' and ') || 'your partner class'}</h3>
      {calls.map((c) => (
        <p key={c.id}>
          <RouterLink className="button" to={`/calls/${c.id}`}>
            Join the call now
          </RouterLink>{' '}
          <span className="muted">started {new Date(c.createdAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}</span>
        </p>
      ))}
      <p>
        <strong>Next in the year:</strong> {next ? next.title : 'every milestone is done — well done!'}
        {next?.kind === 'call' && calls.length === 0 && <span className="muted"> (start it from the link below when both classes are ready)</span>}
      </p>
      <p>
        <RouterLink to={`/links/${link.id}/exchange`}>
          {waiting > 0 ? `${waiting} piece${waiting === 1 ? '' : 's'} of work waiting for your approval` : 'Exchange wall'}
        </RouterLink>
        {fresh > 0 && <span> · {fresh} new from the partner class this week</span>}
      </p>
    </li>
  );
}
