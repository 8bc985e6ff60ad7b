// A link's calls that are not over, kept fresh while a dashboard shows them. Its link card
// and "what's next" both show them: one poll per link serves every component that asks.
import { useCallback, useSyncExternalStore } from 'react';
import { api } from '../api/http';

interface CallSummary {
  id: string;
  title: string;
  status: string;
  createdAt: string;
}

/** How often a dashboard asks whether a call has started: the partner teacher sees "Join" without reloading. */
export const CALLS_REFRESH_MS = 10_000;

interface Poll {
  calls: CallSummary[];
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval>;
}

const polls = new Map<string, Poll>();
const NONE: CallSummary[] = [];

function fetchCalls(linkId: string, poll: Poll): void {
  api.get<CallSummary[]>(`/api/links/${linkId}/calls`).then(
    (all) => {
      poll.calls = all.filter((c) => c.status !== 'ended');
      poll.listeners.forEach((l) => l());
    },
    // A failed refresh keeps what is shown; the next one tries again.
    () => undefined,
  );
}

function subscribe(linkId: string, listener: () => void): () => void {
  let poll = polls.get(linkId);
  if (!poll) {
    const created: Poll = {
      calls: NONE,
      listeners: new Set(),
      timer: setInterval(() => document.visibilityState === 'visible' && fetchCalls(linkId, created), CALLS_REFRESH_MS),
    };
    polls.set(linkId, created);
    fetchCalls(linkId, created);
    poll = created;
  }
  poll.listeners.add(listener);
  return () => {
    poll.listeners.delete(listener);
    if (poll.listeners.size === 0) {
      clearInterval(poll.timer);
      polls.delete(linkId);
    }
  };
}

export function useLiveCalls(linkId: string): CallSummary[] {
  const onChange = useCallback((listener: () => void) => subscribe(linkId, listener), [linkId]);
  return useSyncExternalStore(onChange, () => polls.get(linkId)?.calls ?? NONE);
}
