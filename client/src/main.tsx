import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, teacherCallPage } from './App';
import { ScreenLoadBoundary } from './components/ScreenLoadBoundary';
import { reloadOnceForNewCode } from './components/reload-once';
import './styles.css';
import { markJoinStep } from './call/join-steps';
import { z } from 'zod';

// The page's Content-Security-Policy forbids eval: zod's compiled parsers would try it and
// Firefox reports each try as an error.
z.config({ jitless: true });

// A screen's code failed to load (see ScreenLoadBoundary): reload once, then let the boundary speak.
window.addEventListener('vite:preloadError', (event) => {
  if (reloadOnceForNewCode()) event.preventDefault();
});

markJoinStep('app-start');
if (window.location.pathname.startsWith('/calls/')) void teacherCallPage.load().catch(() => undefined);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ScreenLoadBoundary>
      <App />
    </ScreenLoadBoundary>
  </StrictMode>,
);
