import { useState } from 'react';
import { ROLES, SCHOOL_ROLES, type Role } from '../../../shared/auth';
import { api } from '../api/http';
import type { Programme, School } from '../api/types';
import { FormError } from '../components/FormError';
import { SchoolSelect } from '../components/SchoolSelect';
import { useFormAction } from '../components/use-form-action';

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
  const [sent, setSent] = useState<{ email: string; emailed?: boolean; inviteUrl?: string }>();
  const needsSchool = SCHOOL_ROLES.has(role);
  const { error, onSubmit } = useFormAction(async () => {
    setSent(undefined);
    const res = await api.post<{ email: string; emailed?: boolean; inviteUrl?: string }>(`/api/programmes/${programme.id}/invitations`, {
      email,
      role,
      ...(needsSchool ? { schoolId } : {}),
    });
    setSent(res);
    setEmail('');
  });
  return (
    <section aria-labelledby="invite-h">
      <h2 id="invite-h">Invite people</h2>
      <form onSubmit={onSubmit} className="inline-form">
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
        {needsSchool && <SchoolSelect schools={schools} value={schoolId} onChange={setSchoolId} />}
        <FormError message={error} />
        <button type="submit">Send invitation</button>
      </form>
      {sent && (
        <p role="status">
          {sent.inviteUrl ? (
            <>
              Invitation for {sent.email} made, but not emailed (no mail server is set up, or sending failed): pass on this link yourself:{' '}
              <code>{sent.inviteUrl}</code>
            </>
          ) : (
            <>Invitation emailed to {sent.email}.</>
          )}
        </p>
      )}
    </section>
  );
}
