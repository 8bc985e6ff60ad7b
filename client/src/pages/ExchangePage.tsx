import { useParams } from 'react-router';
import type { Link, Programme } from '../api/types';
import { useResource } from '../api/use-resource';
import { Layout } from '../components/Layout';
import { ExchangeWall } from '../exchange/ExchangeWall';
import { useSession } from '../stores/session-store';

/** A link's exchange wall, for its teachers, heads and safeguarding leads. */
export function ExchangePage() {
  const { linkId = '' } = useParams();
  const can = useSession((s) => s.can);
  const { data: link, error } = useResource<Link>(`/api/links/${linkId}`);
  const { data: programme } = useResource<Programme>(link ? `/api/programmes/${link.programmeId}` : null);
  // Work is tagged with a step of the year plan (a lesson or milestone), chosen when it is sent.
  const tags = programme?.plan.phases.flatMap((p) => p.milestones.map((m) => ({ key: m.key, title: `${p.title}: ${m.title}` }))) ?? [];
  const target = link ? { programmeId: link.programmeId, schoolIds: link.schoolIds, classIds: link.classIds } : null;
  return (
    <Layout>
      <h1>Exchange wall</h1>
      {link?.members && <p className="muted">{link.members.map((m) => `${m.schoolName} — ${m.name}`).join(' ↔ ')}</p>}
      {error && <p role="alert">{error}</p>}
      {link && <ExchangeWall linkId={linkId} tags={tags} mayPost={link.status === 'confirmed' && !!target && can('exchange:upload', target)} />}
    </Layout>
  );
}
