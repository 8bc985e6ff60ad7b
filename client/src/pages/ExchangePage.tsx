import { useParams } from 'react-router';
import type { Link } from '../api/types';
import { useResource } from '../api/use-resource';
import { Layout } from '../components/Layout';
import { ExchangeWall } from '../exchange/ExchangeWall';
import { useSession } from '../stores/session-store';

/** A link's exchange wall, for its teachers, heads and safeguarding leads. */
export function ExchangePage() {
  const { linkId = '' } = useParams();
  const can = useSession((s) => s.can);
  const { data: link, error } = useResource<Link>(`/api/links/${linkId}`);
  const target = link ? { programmeId: link.programmeId, schoolIds: link.schoolIds, classIds: link.classIds } : null;
  return (
    <Layout>
      <h1>Exchange wall</h1>
      {link?.members && <p className="muted">{link.members.map((m) => `${m.schoolName} — ${m.name}`).join(' ↔ ')}</p>}
      {error && <p role="alert">{error}</p>}
      {link && <ExchangeWall linkId={linkId} mayPost={link.status === 'confirmed' && !!target && can('exchange:upload', target)} />}
    </Layout>
  );
}
