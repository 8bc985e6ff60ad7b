import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './http';

/**
 * GETs a path; `reload` fetches it again after a change; `loading` while a fetch is out.
 * Only the latest fetch may set the data: a slow answer for an older path is dropped.
 * A change of `refreshKey` fetches again (another section changed what this one shows).
 */
export function useResource<T>(path: string | null, refreshKey = 0) {
  // Kept with the path they answer, so that a new path never shows the old one's data.
  const [result, setResult] = useState<{ path: string; data?: T; error?: string }>();
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const reload = useCallback(() => {
    if (!path) {
      latest.current++;
      setLoading(false);
      return;
    }
    const fetchId = ++latest.current;
    setLoading(true);
    api.get<T>(path).then(
      (d) => {
        if (fetchId !== latest.current) return;
        setResult({ path, data: d });
        setLoading(false);
      },
      (e: Error) => {
        if (fetchId !== latest.current) return;
        // A failed reload keeps what was shown, with the error beside it.
        setResult((r) => ({ path, ...(r?.path === path ? { data: r.data } : {}), error: e.message }));
        setLoading(false);
      },
    );
  }, [path]);
  useEffect(reload, [reload, refreshKey]);
  const current = result && result.path === path ? result : undefined;
  return { data: current?.data, error: current?.error, loading, reload };
}

export type Resource<T> = ReturnType<typeof useResource<T>>;
