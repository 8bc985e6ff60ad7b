// The exchange wall as a class sees it in a call: only work both schools have let through,
// fetched with the call's device token (class devices have no accounts).
import { useCallback, useEffect, useState } from 'react';
import type { ExchangeWall } from '../../../shared/schemas/exchange';
import { ExchangeItemCard } from './ExchangeItemCard';
import { UploadZone } from './UploadZone';

const DEVICE_WALL_REFRESH_MS = 30_000;
const none = () => Promise.resolve();

async function postAsDevice(path: string, token: string, body: unknown): Promise<void> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-linkroom-device': token }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? 'That could not be sent.');
}

export function DeviceExchange({ linkId, token }: { linkId: string; token: string }) {
  const [wall, setWall] = useState<ExchangeWall | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    fetch(`/api/links/${linkId}/exchange`, { headers: { 'x-linkroom-device': token } })
      .then(async (r) => (r.ok ? setWall((await r.json()) as ExchangeWall) : setError('The exchange wall cannot be shown right now.')))
      .catch(() => setError('The exchange wall cannot be shown right now.'));
  }, [linkId, token]);
  useEffect(() => {
    load();
    const t = setInterval(load, DEVICE_WALL_REFRESH_MS);
    return () => clearInterval(t);
  }, [load]);
  return (
    <section className="device-exchange" aria-labelledby="device-exchange-h">
      <h2 id="device-exchange-h">Our exchange wall</h2>
      {error && <p role="alert">{error}</p>}
      {/* A class may post while its call is live; its teacher approves before anyone else sees it. */}
      <UploadZone linkId={linkId} onUploaded={load} headers={{ 'x-linkroom-device': token }} />
      {wall?.items.length === 0 && <p>Nothing on the wall yet.</p>}
      <ul className="exchange-grid">
        {wall?.items.map((item) => (
          <ExchangeItemCard
            key={item.id}
            item={item}
            deviceToken={token}
            actions={{
              approve: none,
              reject: none,
              flag: none,
              remove: none,
              decideComment: none,
              // A class's comment waits for its teacher before the partner sees it.
              comment: (body) => postAsDevice(`/api/exchange/${item.id}/comments`, token, body).then(load),
            }}
          />
        ))}
      </ul>
    </section>
  );
}
