import { CallPage } from './pages/CallPage';

/** Routes by path; a router library comes with the role screens. */
export function App() {
  const call = /^\/call\/([A-Za-z0-9_-]{1,64})\/?$/.exec(window.location.pathname);
  if (call?.[1]) return <CallPage roomId={call[1]} />;
  return (
    <main className="home">
      <h1>Linkroom</h1>
      <p>Class-to-class video calls, a shared whiteboard and safe exchange of pupils’ work for Schools Linking.</p>
      <p>
        Open a call at <code>/call/&lt;room&gt;</code>.
      </p>
    </main>
  );
}
