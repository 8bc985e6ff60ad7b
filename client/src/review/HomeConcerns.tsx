// A safeguarding lead's home page leads with the concerns that reached them and are not yet
// dealt with: urgent ones first and marked, each one click from its record in the review.
import { Link as RouterLink } from 'react-router';
import type { NotificationView } from '../../../shared/schemas/safeguarding';
import { useResource } from '../api/use-resource';

const SHOWN_ON_HOME = 5;

export function HomeConcerns({ programmeId }: { programmeId: string }) {
  const { data, error } = useResource<NotificationView[]>('/api/notifications');
  const unread = (data ?? []).filter((n) => !n.read && n.programmeId === programmeId && n.concernId);
  // Urgent first, then newest first.
  const shown = [...unread].sort((a, b) => Number(b.urgent) - Number(a.urgent) || b.createdAt.localeCompare(a.createdAt)).slice(0, SHOWN_ON_HOME);
  return (
    <section aria-labelledby="home-concerns-h" className="home-concerns" data-testid="home-concerns">
      <h2 id="home-concerns-h">New concerns{data ? ` (${unread.length})` : ''}</h2>
      {error && <p role="alert">{error}</p>}
      {data && unread.length === 0 && <p className="muted">No new concerns have reached you.</p>}
      <ul className="plain">
        {shown.map((n) => (
          <li key={n.id} className={n.urgent ? 'notice urgent' : 'notice'}>
            <span>{n.urgent ? <strong>{n.text}</strong> : n.text}</span> <span className="muted">{new Date(n.createdAt).toLocaleString('en-GB')}</span>{' '}
            <RouterLink to={`/programmes/${programmeId}/review?concern=${n.concernId}`}>Open the concern</RouterLink>
          </li>
        ))}
      </ul>
      {unread.length > SHOWN_ON_HOME && (
        <p>
          <RouterLink to={`/programmes/${programmeId}/review?tab=concerns`}>All {unread.length} new concerns</RouterLink>
        </p>
      )}
    </section>
  );
}
