import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { OnDemandModule, useOnDemandModule } from './components/on-demand-module';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout';
import { useSession } from './stores/session-store';
import { markJoinStep } from './call/join-steps';

function RequireLogin({ children }: { children: ReactNode }) {
  const status = useSession((s) => s.status);
  if (status === 'unknown') return <p role="status">Loading…</p>;
  if (status === 'anonymous') return <Navigate to="/login" replace />;
  return children;
}

const opening = <p role="status">Opening the call…</p>;

// Call pages carry mediasoup-client: load them only when a call is opened (main.tsx starts
// fetching the teacher's at once on a call's address, beside the session request).
export const teacherCallPage = new OnDemandModule(() =>
  import('./pages/TeacherCallPage').then((m) => {
    markJoinStep('call-code-loaded');
    return m;
  }),
);

/** The teacher's call screen, shown as soon as its code is there (not React.lazy: see OnDemandModule). */
function TeacherCallRoute() {
  const page = useOnDemandModule(teacherCallPage);
  return page ? <page.TeacherCallPage /> : opening;
}
const JoinPage = lazy(() => import('./pages/JoinPage').then((m) => ({ default: m.JoinPage })));

const loading = <p role="status">Loading…</p>;
const ReviewPage = lazy(() => import('./pages/ReviewPage').then((m) => ({ default: m.ReviewPage })));
const ExchangePage = lazy(() => import('./pages/ExchangePage').then((m) => ({ default: m.ExchangePage })));
// Every screen is its own chunk: a classroom laptop opening /join loads none of the dashboards.
const HomePage = lazy(() => import('./pages/HomePage').then((m) => ({ default: m.HomePage })));
const LoginPage = lazy(() => import('./pages/LoginPage').then((m) => ({ default: m.LoginPage })));
const InvitePage = lazy(() => import('./pages/InvitePage').then((m) => ({ default: m.InvitePage })));
const ResetPasswordPage = lazy(() => import('./pages/ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })));
const PublicEoiPage = lazy(() => import('./pages/PublicEoiPage').then((m) => ({ default: m.PublicEoiPage })));
const onDemand = (page: ReactNode) => <Suspense fallback={loading}>{page}</Suspense>;

/** A page loaded on demand, for a logged-in user. */
const loggedIn = (page: ReactNode, fallback: ReactNode = loading) => (
  <RequireLogin>
    <Suspense fallback={fallback}>{page}</Suspense>
  </RequireLogin>
);

/** The AGPL's offer of the source, on every page but the call screens (which need the room). */
function SourceFooter() {
  const { pathname } = useLocation();
  if (pathname.startsWith('/join') || pathname.startsWith('/calls/')) return null;
  return (
    <footer className="site-footer">
      Linkroom is free software under the GNU AGPL 3.0 or later:{' '}
      <a href="/source" data-testid="source-link">
        download the source code
      </a>{' '}
      of this version.
    </footer>
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
        <Route
          path="/login"
          element={onDemand(
            <Layout>
              <LoginPage />
            </Layout>,
          )}
        />
        <Route
          path="/invite/:token"
          element={onDemand(
            <Layout>
              <InvitePage />
            </Layout>,
          )}
        />
        <Route
          path="/reset/:token"
          element={onDemand(
            <Layout>
              <ResetPasswordPage />
            </Layout>,
          )}
        />
        <Route
          path="/eoi/:token"
          element={onDemand(
            <Layout>
              <PublicEoiPage />
            </Layout>,
          )}
        />
        <Route
          path="/join"
          element={
            <Suspense fallback={opening}>
              <JoinPage />
            </Suspense>
          }
        />
        <Route path="/calls/:callId" element={loggedIn(<TeacherCallRoute />, opening)} />
        <Route path="/links/:linkId/exchange" element={loggedIn(<ExchangePage />)} />
        <Route path="/programmes/:programmeId/review" element={loggedIn(<ReviewPage />)} />
        <Route path="/" element={loggedIn(<HomePage />)} />
        <Route path="*" element={<p role="alert">There is no page at this address.</p>} />
      </Routes>
      <SourceFooter />
    </BrowserRouter>
  );
}
