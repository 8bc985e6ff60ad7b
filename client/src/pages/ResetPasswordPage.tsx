// A password-reset link's page: the account it is for, a new password, then the way back
// to the login page. Expired or used links say what to do instead.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/http';
import { FormError } from '../components/FormError';
import { useFormAction } from '../components/use-form-action';

export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const [email, setEmail] = useState<string>();
  const [loadError, setLoadError] = useState<string>();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);

  useEffect(() => {
    api.get<{ email: string }>(`/api/password-resets/${encodeURIComponent(token)}`).then(
      (r) => setEmail(r.email),
      (e: Error) => setLoadError(e.message),
    );
  }, [token]);

  const { error, busy, onSubmit } = useFormAction(async () => {
    if (password !== repeat) throw new Error('The two passwords are not the same.');
    await api.post(`/api/password-resets/${encodeURIComponent(token)}`, { password });
    setDone(true);
  });

  return (
    <section className="narrow">
      <h1>Set a new password</h1>
      {!email && <FormError message={loadError} />}
      {email && done && (
        <p role="status" data-testid="reset-done">
          Your new password is set, and you have been logged out everywhere. <Link to="/login">Log in</Link> with it.
        </p>
      )}
      {email && !done && (
        <form onSubmit={onSubmit}>
          <p>For {email}. Choose a password of at least 12 characters: a few words you will remember work well.</p>
          <label>
            New password
            <input
              data-testid="reset-password"
              type="password"
              required
              minLength={12}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <label>
            The same again
            <input
              data-testid="reset-password-repeat"
              type="password"
              required
              minLength={12}
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
            />
          </label>
          <FormError message={error} />
          <button data-testid="reset-submit" type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Set my new password'}
          </button>
        </form>
      )}
    </section>
  );
}
