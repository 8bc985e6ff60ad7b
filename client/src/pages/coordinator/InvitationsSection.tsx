import { useState, type FormEvent } from 'react';
import { ROLES, SCHOOL_ROLES, type Role } from '../../../../shared/auth';
import { api } from '../../api/http';
import type { Programme, School } from '../../api/types';
import { FormError } from '../../components/FormError';

const ROLE_NAMES: Record<Role, string> = {
  coordinator: 'Coordinator',
  'programme-dsl': 'Programme safeguarding lead',
  'school-dsl': 'School safeguarding lead',
  teacher: 'Link teacher',
  head: 'Head teacher (read only)',
};

export function InvitationsSection({ programme, schools }: { programme: Programme; schools: School[] }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('teacher');
  const [schoolId, setSchoolId] = useState('');
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState<{ email: string; inviteUrl?: string }>();
  const needsSchool = SCHOOL_ROLES.has(role);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setSent(undefined);
    try {
      const res = await api.post<{ email: string; inviteUrl?: string }>(`/api/programmes/${programme.id}/invitations`, {
        email,
        role,
        ...(needsSchool ? { schoolId } : {}),
      });
      setSent(res);
      setEmail('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <section aria-labelledby="invite-h">
      <h2 id="invite-h">Invite people</h2>
      <form onSubmit={submit} className="inline-form">
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </label>
        {needsSchool && (
          <label>
            School
            <select required value={schoolId} onChange={(e) => setSchoolId(e.target.value)}>
              <option value="">Choose…</option>
              {schools.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <FormError message={error} />
        <button type="submit">Send invitation</button>
      </form>
      {sent && (
        <p role="status">
          Invitation sent to {sent.email}.
          {sent.inviteUrl && (
            <>
              {' '}
              No mail server is set up, so pass on this link yourself: <code>{sent.inviteUrl}</code>
            </>
          )}
        </p>
      )}
    </section>
  );
}
