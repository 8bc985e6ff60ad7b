// An exchange file as a URL the page can show. Staff pages use the address directly (the
// session cookie goes with it); a class device must send its call token in a header, so
// its files are fetched and shown from a blob URL. No path: nothing is fetched (a device's
// every fetch is a logged view, and a whole file is costly).
import { useEffect, useState } from 'react';

export function useFileUrl(path: string | null, deviceToken?: string): string | null {
  const [url, setUrl] = useState<string | null>(deviceToken ? null : path);
  useEffect(() => {
    if (!path || !deviceToken) {
      setUrl(path);
      return;
    }
    let revoked = false;
    let objectUrl: string | null = null;
    fetch(path, { headers: { 'x-linkroom-device': deviceToken } })
      .then((r) => (r.ok ? r.blob() : null))
      .then((b) => {
        if (!b || revoked) return;
        objectUrl = URL.createObjectURL(b);
        setUrl(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      revoked = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [path, deviceToken]);
  return url;
}
