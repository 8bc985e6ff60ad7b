// A screen whose code could not be fetched (a school wifi dropping, a laptop switching
// networks, a new version deployed meanwhile) says so and offers to try again, instead of
// leaving the page blank.
import { Component, type ReactNode } from 'react';
import { reloadOnceForNewCode } from './reload-once';

interface State {
  failed: boolean;
}

export class ScreenLoadBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    // A chunk that failed to load: one automatic reload usually fixes it.
    if (error instanceof Error && /dynamically imported module|Importing a module script failed|preload/i.test(error.message)) reloadOnceForNewCode();
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="narrow">
        <h1>This page did not load completely</h1>
        <p role="alert">The network may have dropped for a moment. Nothing you did is lost.</p>
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </main>
    );
  }
}
