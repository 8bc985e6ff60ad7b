import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useParams } from 'react-router';
import { HomePage } from './pages/HomePage';
import { InvitePage } from './pages/InvitePage';
import { LoginPage } from './pages/LoginPage';
import { useSession } from './stores/session-store';

function RequireLogin({ children }: { children: ReactNode }) {
  const status = useSession((s) => s.status);
  if (status === 'unknown') return <p role="status">Loading…</p>;
  if (status === 'anonymous') return <Navigate to="/login" replace />;
  return children;
}

// The call page carries mediasoup-client: load it only when a call is opened.
const CallPage = lazy(() => import('./pages/CallPage').then((m) => ({ default: m.CallPage })));

function CallRoute() {
  const { roomId = '' } = useParams();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(roomId)) return <p role="alert">That is not a valid call address.</p>;
  return (
    <Suspense fallback={<p role="status">Opening the call…</p>}>
      <CallPage roomId={roomId} />
    </Suspense>
  );
}

export function App() {
  const load = useSession((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/invite/:token" element={<InvitePage />} />
        <Route path="/call/:roomId" element={<CallRoute />} />
        <Route
          path="/"
          element={
            <RequireLogin>
              <HomePage />
            </RequireLogin>
          }
        />
        <Route path="*" element={<p role="alert">There is no page at this address.</p>} />
      </Routes>
    </BrowserRouter>
  );
}
