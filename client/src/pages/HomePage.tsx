import { lazy, Suspense, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import type { Link, Programme, School, SchoolClass } from '../api/types';
import type { EoiView } from '../../../shared/schemas/eoi';
import { useResource } from '../api/use-resource';
import { Layout } from '../components/Layout';
import { useSession } from '../stores/session-store';
import { EoiSection } from '../matching/EoiSection';
import { MatchingSection } from '../matching/MatchingSection';

// The charting library loads only for those who see the charts.
const ImpactSection = lazy(() => import('../programme/ImpactSection'));
import { InvitationsSection } from '../programme/InvitationsSection';
import { PeopleSection } from '../programme/PeopleSection';
import { SchoolsSection } from '../programme/SchoolsSection';
import { HomeConcerns } from '../review/HomeConcerns';
import { LogSection } from '../review/LogSection';
import { LinksSection } from '../links/LinksSection';
import { TeacherNext } from '../links/TeacherNext';

const ROLE_TITLES: Record<string, string> = {
  coordinator: 'Coordinator',
  'programme-dsl': 'Programme safeguarding lead',
  'school-dsl': 'School safeguarding lead',
  teacher: 'Link teacher',
  head: 'Head teacher',
};

export function HomePage() {
  const { data: programmes, error } = useResource<Programme[]>('/api/programmes');
  const [selected, setSelected] = useState<string>();
  const programme = programmes?.find((p) => p.id === selected) ?? programmes?.[0];
  return (
    <Layout>
      {error && <p role="alert">{error}</p>}
      {programmes && programmes.length === 0 && <p>You have no role in a programme yet. Ask your coordinator for an invitation.</p>}
      {programmes && programmes.length > 1 && (
        <label>
          Programme{' '}
          <select value={programme?.id} onChange={(e) => setSelected(e.target.value)}>
            {programmes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {programme && <ProgrammeDashboard key={programme.id} programme={programme} />}
    </Layout>
  );
}

function ProgrammeDashboard({ programme }: { programme: Programme }) {
  const session = useSession((s) => s.session);
  const can = useSession((s) => s.can);
  const schools = useResource<School[]>(`/api/programmes/${programme.id}/schools`);
  const classes = useResource<SchoolClass[]>(`/api/programmes/${programme.id}/classes`);
  const links = useResource<Link[]>(`/api/programmes/${programme.id}/links`);
  // The forms: listed by their section, placed on the matching map. Read once, here.
  const eois = useResource<EoiView[]>(
    can('eoi:manage', { programmeId: programme.id }) || can('matching:run', { programmeId: programme.id }) ? `/api/programmes/${programme.id}/eois` : null,
  );
  // Bumped when matches are confirmed: the impact figures then count the new links.
  const [confirmations, setConfirmations] = useState(0);
  const reload = () => {
    schools.reload();
    classes.reload();
    links.reload();
  };
  const grants = session?.grants.filter((g) => g.programmeId === programme.id) ?? [];
  const roles = grants.map((g) => ROLE_TITLES[g.role] ?? g.role);
  const schoolDsl = grants.find((g) => g.role === 'school-dsl');
  const readsLog = can('log:read', { programmeId: programme.id, ...(schoolDsl?.schoolId ? { schoolIds: [schoolDsl.schoolId] } : {}) });

  const may = (action: Parameters<typeof can>[0]) => can(action, { programmeId: programme.id });
  // Which sections this user sees: decided once, for the menu and for the page.
  const shows = {
    impact: may('programme:update'),
    eoi: may('eoi:manage'),
    matching: may('matching:run'),
    invite: may('invitation:create'),
    people: may('user:change-roles'),
    log: readsLog,
  };
  // A coordinator's sections are many: they get a menu.
  const sections = [
    { id: 'links-h', label: 'Links' },
    { id: 'schools-h', label: 'Schools and classes' },
    shows.impact && { id: 'impact-h', label: 'Impact' },
    shows.eoi && { id: 'eoi-h', label: 'Expressions of interest' },
    shows.matching && { id: 'matching-h', label: 'Matching' },
    shows.invite && { id: 'invite-h', label: 'Invite people' },
    shows.people && { id: 'people-h', label: 'People and roles' },
    shows.log && { id: 'log-h', label: 'Safeguarding log' },
  ].filter((x): x is { id: string; label: string } => !!x);

  return (
    <>
      <h1>{programme.name}</h1>
      <p className="muted">
        {programme.localAuthority} · {programme.academicYear} · you are: {roles.join(', ')}
      </p>
      {sections.length > 3 && (
        <nav className="section-nav" aria-label="Sections of this page" data-testid="section-nav">
          <ul>
            {sections.map((x) => (
              <li key={x.id}>
                <a href={`#${x.id}`}>{x.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {grants.some((g) => g.role === 'teacher') && (
        <TeacherNext
          programme={programme}
          links={links.data ?? []}
          mySchoolIds={grants.flatMap((g) => (g.role === 'teacher' && g.schoolId ? [g.schoolId] : []))}
        />
      )}
      {grants.some((g) => g.role === 'programme-dsl' || g.role === 'school-dsl') && <HomeConcerns programmeId={programme.id} />}
      {(readsLog || grants.some((g) => g.role === 'teacher' || g.role === 'head')) && (
        <p className="actions">
          <RouterLink className="button" to={`/programmes/${programme.id}/review`} data-testid="review-link">
            {readsLog ? 'Safeguarding review: timelines and concerns' : 'Raise a safeguarding concern'}
          </RouterLink>
        </p>
      )}
      <LinksSection programme={programme} links={links.data ?? []} classes={classes.data ?? []} schools={schools.data ?? []} reload={reload} />
      <SchoolsSection programme={programme} schools={schools.data ?? []} classes={classes.data ?? []} reload={reload} />
      {shows.impact && (
        <Suspense fallback={<p role="status">Loading the impact charts…</p>}>
          <ImpactSection programme={programme} refreshKey={confirmations} />
        </Suspense>
      )}
      {shows.eoi && <EoiSection programme={programme} eois={eois} />}
      {shows.matching && (
        <MatchingSection
          programme={programme}
          eois={eois.data ?? []}
          onConfirmed={() => {
            setConfirmations((n) => n + 1);
            reload();
            eois.reload();
          }}
        />
      )}
      {shows.invite && <InvitationsSection programme={programme} schools={schools.data ?? []} />}
      {shows.people && <PeopleSection programme={programme} schools={schools.data ?? []} />}
      {shows.log && <LogSection programme={programme} {...(schoolDsl?.schoolId ? { schoolId: schoolDsl.schoolId } : {})} />}
    </>
  );
}
