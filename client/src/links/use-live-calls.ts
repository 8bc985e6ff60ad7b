import { useEffect } from 'react';
import { useResource } from '../api/use-resource';

interface CallSummary {
  id: string;
  title: string;
  status: string;
  createdAt: string;
}

/** How often a dashboard asks whether a call has started: the partner teacher sees "Join" without reloading. */
export const CALLS_REFRESH_MS = 10_000;

/** A link's calls that are not over, kept fresh while the page is open. */
export function useLiveCalls(linkId: string): CallSummary[] {
  const { data, reload } = useResource<CallSummary[]>(`/api/links/${linkId}/calls`);
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && reload(), CALLS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return (data ?? []).filter((c) => c.status !== 'ended');
}
