import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../components/FormError';
import { useFormAction } from '../components/use-form-action';
import { useSession } from '../stores/session-store';

export function LoginPage() {
  const login = useSession((s) => s.login);
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, onSubmit } = useFormAction(async () => {
    await login(email, password);
    navigate('/');
  });

  return (
    <section className="narrow">
      <h1>Log in to Linkroom</h1>
      <form onSubmit={onSubmit} aria-describedby="login-help">
        <p id="login-help">Coordinators, link teachers, safeguarding leads and head teachers log in here. Class devices join calls with a code.</p>
        <label>
          Email
          <input data-testid="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input data-testid="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <FormError message={error} />
        <button data-testid="login-submit" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </section>
  );
}
