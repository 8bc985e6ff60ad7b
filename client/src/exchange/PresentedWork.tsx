// A piece of the link's wall a teacher put on both classes' screens: as large as the stage
// allows, beside the partner's video. Fetched with the class's call token (no accounts).
import { useEffect, useState } from 'react';
import type { ExchangeItemView, ExchangeWall } from '../../../shared/schemas/exchange';
import { useFileUrl } from './use-file-url';

export function PresentedWork({ linkId, itemId, title, deviceToken }: { linkId: string; itemId: string; title: string; deviceToken?: string }) {
  const [item, setItem] = useState<ExchangeItemView | null>(null);
  useEffect(() => {
    let gone = false;
    fetch(`/api/links/${linkId}/exchange`, deviceToken ? { headers: { 'x-linkroom-device': deviceToken } } : {})
      .then((r) => (r.ok ? (r.json() as Promise<ExchangeWall>) : null))
      .then((wall) => !gone && setItem(wall?.items.find((i) => i.id === itemId) ?? null))
      .catch(() => undefined);
    return () => {
      gone = true;
    };
  }, [linkId, itemId, deviceToken]);
  const showsFile = item && (item.kind === 'image' || item.kind === 'board' || item.kind === 'audio' || item.kind === 'video');
  const file = useFileUrl(showsFile ? `/api/exchange/${itemId}/file` : null, deviceToken);
  const thumb = useFileUrl(item?.kind === 'pdf' && item.hasThumbnail ? `/api/exchange/${itemId}/thumbnail` : null, deviceToken);
  return (
    <figure className="presented-work" data-testid="presented-work">
      {item?.kind === 'letter' && <p className="presented-letter">{item.text}</p>}
      {(item?.kind === 'image' || item?.kind === 'board') && file && <img src={file} alt={`Picture of “${title}”`} />}
      {item?.kind === 'pdf' && thumb && <img src={thumb} alt={`First page of “${title}”`} />}
      {item?.kind === 'video' && file && <video controls src={file} aria-label={`Video: ${title}`} />}
      {item?.kind === 'audio' && file && <audio controls src={file} aria-label={`Recording: ${title}`} />}
      {!item && <p role="status">Opening “{title}”…</p>}
      <figcaption>
        {title}
        {item ? ` — from ${item.fromSchoolName}` : ''}
      </figcaption>
    </figure>
  );
}
