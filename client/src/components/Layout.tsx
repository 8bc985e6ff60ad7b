import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSession } from '../stores/session-store';

export function Layout({ children }: { children: ReactNode }) {
  const { session, logout } = useSession();
  return (
    <>
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
      <main>{children}</main>
    </>
  );
}
