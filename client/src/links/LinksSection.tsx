import { useState } from 'react';
import { api } from '../api/http';
import type { Link, Programme, School, SchoolClass } from '../api/types';
import { FormError } from '../components/FormError';
import { useFormAction } from '../components/use-form-action';
import { YearPlan } from '../components/YearPlan';
import { LinkCalls } from './LinkCalls';
import { useSession } from '../stores/session-store';

interface Props {
  programme: Programme;
  links: Link[];
  classes: SchoolClass[];
  schools: School[];
  reload: () => void;
}

export function LinksSection({ programme, links, classes, schools, reload }: Props) {
  const can = useSession((s) => s.can);
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<string | null>(null);
  const schoolName = (id: string) => schools.find((s) => s.id === id)?.name ?? 'another school';
  const classLabel = (id: string) => {
    const c = classes.find((x) => x.id === id);
    return c ? `${schoolName(c.schoolId)} — ${c.name} (${c.yearGroup})` : 'a partner class';
  };
  const act = (fn: () => Promise<unknown>): Promise<unknown> => {
    setError(undefined);
    return fn().then(reload, (e: Error) => {
      setError(e.message);
      throw e;
    });
  };
  const totalMilestones = programme.plan.phases.reduce((n, p) => n + p.milestones.length, 0);
  const myClassIds = useSession((s) => s.session?.classIds ?? []);
  const myClasses = classes.filter((c) => myClassIds.includes(c.id));

  return (
    <section aria-labelledby="links-h">
      <h2 id="links-h">Links</h2>
      <FormError message={error} />
      {links.length === 0 && <p>No links to show yet.</p>}
      <ul className="cards">
        {links.map((link) => {
          const target = { programmeId: programme.id, schoolIds: link.schoolIds, classIds: link.classIds };
          const done = new Set(link.progress.map((p) => p.milestoneKey));
          return (
            <li key={link.id} className="card" data-testid="link-card">
              <h3>
                {link.members?.length
                  ? link.members.map((m) => `${m.schoolName} — ${m.name} (${m.yearGroup})`).join(' ↔ ')
                  : link.classIds.map(classLabel).join(' ↔ ')}
              </h3>
              <p>
                <span className={`badge ${link.status}`}>{link.status}</span> Phase {link.phase} ·{' '}
                <progress max={totalMilestones} value={done.size} aria-label="Year progress" /> {done.size}/{totalMilestones}
              </p>
              <div className="actions">
                {link.status === 'proposed' && can('link:confirm', target) && (
                  <button type="button" onClick={() => void act(() => api.post(`/api/links/${link.id}/confirm`)).catch(() => undefined)}>
                    Confirm link
                  </button>
                )}
                {link.status !== 'ended' && can('link:end', target) && (
                  <button type="button" className="secondary" onClick={() => void act(() => api.post(`/api/links/${link.id}/end`)).catch(() => undefined)}>
                    End link
                  </button>
                )}
                {link.status !== 'proposed' && can('exchange:read', target) && (
                  <a className="button-link" data-testid="exchange-link" href={`/links/${link.id}/exchange`}>
                    Exchange wall
                  </a>
                )}
                <button type="button" className="secondary" aria-expanded={open === link.id} onClick={() => setOpen(open === link.id ? null : link.id)}>
                  {open === link.id ? 'Hide year plan' : 'Year plan'}
                </button>
              </div>
              {link.status === 'confirmed' && can('call:join', { programmeId: programme.id, schoolIds: link.schoolIds }) && (
                <LinkCalls linkId={link.id} canStart={can('call:start', target)} />
              )}
              {open === link.id && (
                <YearPlan
                  plan={programme.plan}
                  done={done}
                  {...(link.status === 'confirmed' && can('link:progress', target)
                    ? {
                        onToggle: (milestoneKey: string, isDone: boolean) =>
                          act(() => api.post(`/api/links/${link.id}/progress`, { milestoneKey, done: isDone })),
                      }
                    : {})}
                />
              )}
            </li>
          );
        })}
      </ul>
      {myClasses.length > 0 && (
        <details className="class-surnames">
          <summary>Surnames in my class (kept private)</summary>
          {myClasses.map((c) => (
            <ClassSurnames key={c.id} cls={c} onSaved={reload} />
          ))}
        </details>
      )}
      {can('link:create', { programmeId: programme.id }) && <NewLinkForm programme={programme} classes={classes} classLabel={classLabel} reload={reload} />}
    </section>
  );
}

function NewLinkForm({
  programme,
  classes,
  classLabel,
  reload,
}: {
  programme: Programme;
  classes: SchoolClass[];
  classLabel: (id: string) => string;
  reload: () => void;
}) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [allowSeveral, setAllowSeveral] = useState(false);
  const { error, onSubmit } = useFormAction(async () => {
    await api.post(`/api/programmes/${programme.id}/links`, { classIds: [a, b], allowClassInSeveralLinks: allowSeveral });
    setA('');
    setB('');
    reload();
  });
  const options = classes.map((c) => (
    <option key={c.id} value={c.id}>
      {classLabel(c.id)}
    </option>
  ));
  return (
    <form onSubmit={onSubmit} className="inline-form">
      <h3>Propose a link</h3>
      <label>
        First class
        <select required value={a} onChange={(e) => setA(e.target.value)}>
          <option value="">Choose…</option>
          {options}
        </select>
      </label>
      <label>
        Partner class
        <select required value={b} onChange={(e) => setB(e.target.value)}>
          <option value="">Choose…</option>
          {options}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={allowSeveral} onChange={(e) => setAllowSeveral(e.target.checked)} /> Allow a class already in another link
      </label>
      <FormError message={error} />
      <button type="submit">Propose link</button>
    </form>
  );
}

/**
 * The surnames of a teacher's own class, kept private: a class's words naming one are held
 * for its teacher before the partner class sees them (pupils share first names only).
 */
function ClassSurnames({ cls, onSaved }: { cls: SchoolClass; onSaved: () => void }) {
  const [text, setText] = useState((cls.surnames ?? []).join(', '));
  const [saved, setSaved] = useState(false);
  const { error, busy, onSubmit } = useFormAction(async () => {
    const surnames = [
      ...new Set(
        text
          .split(/[,\n]/)
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    await api.patch(`/api/classes/${cls.id}`, { surnames });
    setSaved(true);
    onSaved();
  });
  return (
    <form className="inline-form" onSubmit={onSubmit} data-testid="class-surnames">
      <label>
        {cls.name}: a class's words that name one of these wait for you before the partner class sees them
        <input value={text} onChange={(e) => (setText(e.target.value), setSaved(false))} placeholder="e.g. Okafor, Smith-Jones" maxLength={4000} />
      </label>
      <button type="submit" className="secondary" disabled={busy}>
        Save surnames
      </button>
      {saved && <span role="status">Saved.</span>}
      <FormError message={error} />
    </form>
  );
}
