import { useState } from 'react';
import { ROLES, SCHOOL_ROLES, type Role } from '../../../shared/auth';
import { api } from '../api/http';
import type { Programme, School } from '../api/types';
import { useResource } from '../api/use-resource';
import { FormError } from '../components/FormError';

interface Person {
  id: string;
  name: string;
  email: string;
  grants: { role: Role; schoolId?: string }[];
}

/** Who has which role in the programme; a coordinator adds and removes roles. */
export function PeopleSection({ programme, schools }: { programme: Programme; schools: School[] }) {
  const { data: people, reload } = useResource<Person[]>(`/api/programmes/${programme.id}/users`);
  const [error, setError] = useState<string>();
  const [reset, setReset] = useState<{ name: string; emailed: boolean; resetUrl?: string }>();
  const [erased, setErased] = useState<string>();
  const makeReset = (person: Person) =>
    api.post<{ emailed: boolean; resetUrl?: string }>(`/api/programmes/${programme.id}/users/${person.id}/password-reset`).then(
      (r) => (setError(undefined), setReset({ name: person.name, ...r })),
      (e: Error) => setError(e.message),
    );
  const schoolName = (id?: string) => schools.find((s) => s.id === id)?.name ?? '';
  const save = (person: Person, grants: Person['grants']) =>
    api.put(`/api/programmes/${programme.id}/users/${person.id}/grants`, { grants }).then(
      () => {
        setError(undefined);
        reload();
      },
      (e: Error) => setError(e.message),
    );
  return (
    <section aria-labelledby="people-h">
      <h2 id="people-h">People and roles</h2>
      <FormError message={error} />
      {erased && (
        <p role="status" data-testid="erased">
          {erased}
        </p>
      )}
      {reset && (
        <p role="status" data-testid="reset-link">
          {reset.resetUrl ? (
            <>
              A link for {reset.name} to set a new password (it works for 2 hours, once; it was not emailed): <code>{reset.resetUrl}</code>
            </>
          ) : (
            <>A link to set a new password has been emailed to {reset.name}.</>
          )}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col">Add a role</th>
          </tr>
        </thead>
        <tbody>
          {(people ?? []).map((p) => (
            <tr key={p.id}>
              <th scope="row">
                {p.name}
                <br />
                <span className="muted">{p.email}</span>
                <br />
                <button
                  type="button"
                  className="link"
                  data-testid="make-reset-link"
                  aria-label={`Make a password-reset link for ${p.name}`}
                  onClick={() => void makeReset(p)}
                >
                  Password reset link
                </button>
                {' · '}
                <a
                  href={`/api/programmes/${programme.id}/users/${p.id}/data-export`}
                  data-testid="data-export"
                  aria-label={`Their data: download what Linkroom holds about ${p.name}`}
                >
                  Their data
                </a>
                {' · '}
                <Erase
                  person={p}
                  programmeId={programme.id}
                  onErased={(n) => (setReset(undefined), setError(undefined), setErased(n), reload())}
                  onError={setError}
                />
              </th>
              <td>
                <ul className="plain">
                  {p.grants.map((g, i) => (
                    <li key={`${g.role}-${g.schoolId ?? ''}`}>
                      {g.role}
                      {g.schoolId ? ` — ${schoolName(g.schoolId)}` : ''}{' '}
                      <button
                        type="button"
                        className="link"
                        aria-label={`Remove the role ${g.role} from ${p.name}`}
                        onClick={() =>
                          void save(
                            p,
                            p.grants.filter((_, j) => j !== i),
                          )
                        }
                      >
                        Remove
                      </button>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <AddRole schools={schools} onAdd={(g) => void save(p, [...p.grants, g])} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AddRole({ schools, onAdd }: { schools: School[]; onAdd: (g: { role: Role; schoolId?: string }) => void }) {
  const [role, setRole] = useState<Role>('teacher');
  const [schoolId, setSchoolId] = useState('');
  const needsSchool = SCHOOL_ROLES.has(role);
  return (
    <form
      className="inline-form compact"
      onSubmit={(e) => {
        e.preventDefault();
        onAdd(needsSchool ? { role, schoolId } : { role });
      }}
    >
      <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      {needsSchool && (
        <select aria-label="School" required value={schoolId} onChange={(e) => setSchoolId(e.target.value)}>
          <option value="">School…</option>
          {schools.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      )}
      <button type="submit" className="secondary">
        Add
      </button>
    </form>
  );
}

/**
 * Erasing a person (UK GDPR): asks why, then removes the account and what is only about it.
 * Safeguarding records (calls, boards, exchanged work, concerns) stay until retention's time.
 */
function Erase({
  person,
  programmeId,
  onErased,
  onError,
}: {
  person: Person;
  programmeId: string;
  onErased: (message: string) => void;
  onError: (e: string) => void;
}) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (!asking) {
    return (
      <button type="button" className="link" data-testid="erase-person" aria-label={`Erase ${person.name}`} onClick={() => setAsking(true)}>
        Erase…
      </button>
    );
  }
  return (
    <form
      className="inline-form compact"
      onSubmit={(e) => {
        e.preventDefault();
        api.post<{ redactedEvents: number }>(`/api/programmes/${programmeId}/users/${person.id}/erase`, { reason }).then(
          (r) =>
            onErased(
              `${person.name}'s account is erased (${r.redactedEvents} account events redacted in the log). Records safeguarding needs stay until retention removes them.`,
            ),
          (err: Error) => onError(err.message),
        );
      }}
    >
      <label>
        Why erase {person.name}? (kept in the log)
        <input data-testid="erase-reason" required minLength={5} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="danger" data-testid="erase-confirm">
        Erase for good
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </form>
  );
}
