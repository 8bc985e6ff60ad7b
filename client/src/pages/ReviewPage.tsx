// The safeguarding lead's review of a programme: new concerns, the concern queue, and
// the timeline of any call, link or school in their scope. Teachers and heads come here
// only to raise a concern (the page offers them that alone).
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { ConcernSubject, ConcernView, NotificationView } from '../../../shared/schemas/safeguarding';
import type { Link, Programme, School } from '../api/types';
import { useResource } from '../api/use-resource';
import { Layout } from '../components/Layout';
import { ConcernsPanel } from '../review/ConcernsPanel';
import { NewConcernForm } from '../review/NewConcernForm';
import { NoticesPanel } from '../review/NoticesPanel';
import { RetentionPanel } from '../review/RetentionPanel';
import { TimelineExplorer } from '../review/TimelineExplorer';
import { useSession } from '../stores/session-store';

type Tab = 'timeline' | 'concerns' | 'retention';
const TAB_NAMES: Record<Tab, string> = { timeline: 'Timeline', concerns: 'Concerns', retention: 'Retention' };

export function ReviewPage() {
  const { programmeId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const session = useSession((s) => s.session);
  const programme = useResource<Programme>(`/api/programmes/${programmeId}`);
  const schools = useResource<School[]>(`/api/programmes/${programmeId}/schools`);
  const links = useResource<Link[]>(`/api/programmes/${programmeId}/links`);
  const grants = session?.grants.filter((g) => g.programmeId === programmeId) ?? [];
  const isDsl = grants.some((g) => g.role === 'programme-dsl' || g.role === 'school-dsl');
  const concerns = useResource<ConcernView[]>(isDsl ? `/api/programmes/${programmeId}/concerns` : null);
  // Notices are of concerns, which reach safeguarding leads only.
  const notices = useResource<NotificationView[]>(isDsl ? '/api/notifications' : null);
  const openConcern = search.get('concern') ?? undefined;
  const [tab, setTab] = useState<Tab>(openConcern || search.get('tab') === 'concerns' ? 'concerns' : 'timeline');
  const [raising, setRaising] = useState<{ subject: ConcernSubject | null } | null>(null);
  const [raised, setRaised] = useState<string>();
  const ownSchools = grants.some((g) => g.role === 'programme-dsl')
    ? (schools.data ?? [])
    : (schools.data ?? []).filter((s) => grants.some((g) => g.schoolId === s.id));

  const open = (concernId: string) => {
    setSearch({ concern: concernId });
    setTab('concerns');
  };

  return (
    <Layout>
      <h1>Safeguarding review{programme.data ? `: ${programme.data.name}` : ''}</h1>
      {programme.error && <p role="alert">{programme.error}</p>}
      <p className="actions">
        <button type="button" data-testid="concern-new" onClick={() => setRaising({ subject: null })}>
          Raise a concern
        </button>
      </p>
      {raised && (
        <p role="status" className="status-banner live">
          {raised}
        </p>
      )}
      {raising && (
        <NewConcernForm
          headingLevel={2}
          programmeId={programmeId}
          subject={raising.subject}
          schools={ownSchools}
          onCancel={() => setRaising(null)}
          onRaised={(c) => {
            setRaising(null);
            setRaised('The concern was raised and the safeguarding leads were told.');
            concerns.reload();
            notices.reload();
            if (isDsl) open(c.id);
          }}
        />
      )}
      {isDsl && programme.data && (
        <>
          <NoticesPanel notices={notices.data ?? []} onOpen={open} reload={notices.reload} />
          <div role="tablist" aria-label="Review" className="tabs">
            {(['timeline', 'concerns', 'retention'] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab === t}
                className={tab === t ? '' : 'secondary'}
                onClick={() => setTab(t)}
                data-testid={`review-tab-${t}`}
              >
                {t === 'concerns'
                  ? `Concerns (${concerns.data?.filter((c) => c.status === 'open' || c.status === 'under-review').length ?? 0} open)`
                  : TAB_NAMES[t]}
              </button>
            ))}
          </div>
          <div role="tabpanel">
            {tab === 'timeline' && links.data && schools.data && (
              <TimelineExplorer
                programme={programme.data}
                links={links.data}
                schools={schools.data}
                grants={grants}
                onConcern={(subject) => setRaising({ subject })}
              />
            )}
            {tab === 'retention' && <RetentionPanel programmeId={programmeId} mayRun={grants.some((g) => g.role === 'programme-dsl')} />}
            {tab === 'concerns' && (
              <ConcernsPanel key={openConcern} {...(openConcern ? { openId: openConcern } : {})} concerns={concerns.data ?? []} reload={concerns.reload} />
            )}
          </div>
        </>
      )}
    </Layout>
  );
}
