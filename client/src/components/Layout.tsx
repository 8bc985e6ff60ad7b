import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSession } from '../stores/session-store';

export function Layout({ children }: { children: ReactNode }) {
  const { session, logout } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to the main content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Linkroom
        </Link>
        {session && (
          <nav aria-label="Account">
            <span>{session.user.name}</span>
            <button type="button" onClick={() => void logout()}>
              Log out
            </button>
            <button type="button" className="secondary" onClick={() => void logout(true)}>
              Log out everywhere
            </button>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
