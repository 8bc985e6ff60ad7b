import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/http';
import type { SessionInfo } from '../api/types';
import { FormError } from '../components/FormError';
import { useFormAction } from '../components/use-form-action';
import { useSession } from '../stores/session-store';

interface InvitationInfo {
  email: string;
  role: string;
  programme?: string;
  school?: string;
  hasAccount: boolean;
}

export function InvitePage() {
  const { token = '' } = useParams();
  const adopt = useSession((s) => s.adopt);
  const navigate = useNavigate();
  const [info, setInfo] = useState<InvitationInfo>();
  const [loadError, setLoadError] = useState<string>();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  useEffect(() => {
    api.get<InvitationInfo>(`/api/invitations/${encodeURIComponent(token)}`).then(setInfo, (e: Error) => setLoadError(e.message));
  }, [token]);

  const { error, onSubmit } = useFormAction(async () => {
    adopt(await api.post<SessionInfo>(`/api/invitations/${encodeURIComponent(token)}/accept`, { name, password }));
    await navigate('/');
  });

  return (
    <section className="narrow">
      <h1>Join Linkroom</h1>
      {!info && <FormError message={loadError} />}
      {info && (
        <form onSubmit={onSubmit}>
          <p>
            You are invited to <strong>{info.programme}</strong> as <strong>{info.role}</strong>
            {info.school ? ` for ${info.school}` : ''} ({info.email}).
          </p>
          <label>
            Your name
            <input required value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
          </label>
          <label>
            {info.hasAccount ? 'Your existing password' : 'Choose a password (at least 12 characters)'}
            <input
              type="password"
              required
              minLength={info.hasAccount ? 1 : 12}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete={info.hasAccount ? 'current-password' : 'new-password'}
            />
          </label>
          <FormError message={error} />
          <button type="submit">{info.hasAccount ? 'Add this role to my account' : 'Create my account'}</button>
        </form>
      )}
    </section>
  );
}
