import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/http';
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
    await navigate('/');
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
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <FormError message={error} />
        <button data-testid="login-submit" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <ForgotPassword email={email} />
    </section>
  );
}

/** "Forgot your password?": a reset link by email (or, without mail, from the coordinator). */
function ForgotPassword({ email: typed }: { email: string }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState(typed);
  const [answer, setAnswer] = useState<string>();
  const { error, busy, onSubmit } = useFormAction(async () => {
    setAnswer((await api.post<{ message: string }>('/api/auth/password-reset', { email })).message);
  });
  if (!open) {
    return (
      <p>
        <button type="button" className="link" data-testid="forgot-password" onClick={() => (setEmail(typed), setOpen(true))}>
          Forgot your password?
        </button>
      </p>
    );
  }
  return answer ? (
    <p role="status" data-testid="reset-requested">
      {answer}
    </p>
  ) : (
    <form onSubmit={onSubmit} className="inline-form">
      <label>
        Your email
        <input data-testid="reset-request-email" type="email" required autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <button data-testid="reset-request-submit" type="submit" disabled={busy}>
        Send me a reset link
      </button>
      <FormError message={error} />
    </form>
  );
}
