import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './http';

/**
 * GETs a path; `reload` fetches it again after a change; `loading` while a fetch is out.
 * Only the latest fetch may set the data: a slow answer for an older path is dropped.
 */
export function useResource<T>(path: string | null) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const reload = useCallback(() => {
    if (!path) return;
    const fetchId = ++latest.current;
    setLoading(true);
    api.get<T>(path).then(
      (d) => {
        if (fetchId !== latest.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: Error) => {
        if (fetchId !== latest.current) return;
        setError(e.message);
        setLoading(false);
      },
    );
  }, [path]);
  useEffect(reload, [reload]);
  return { data, error, loading, reload };
}
