import { useCallback, useEffect, useState } from 'react';
import { api } from './http';

/** GETs a path; `reload` fetches it again after a change. */
export function useResource<T>(path: string | null) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const reload = useCallback(() => {
    if (!path) return;
    api.get<T>(path).then(
      (d) => {
        setData(d);
        setError(undefined);
      },
      (e: Error) => setError(e.message),
    );
  }, [path]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}
