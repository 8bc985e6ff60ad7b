// The approved pictures of the link's wall, to put on the board: one press places one.
import { useEffect, useState } from 'react';
import type { ExchangeItemView, ExchangeWall } from '../../../shared/schemas/exchange';
import { isPublished } from '../../../shared/exchange';
import { useFileUrl } from '../exchange/use-file-url';

export function PicturePicker({ linkId, deviceToken, onPick }: { linkId: string; deviceToken?: string; onPick: (item: ExchangeItemView) => void }) {
  const [items, setItems] = useState<ExchangeItemView[] | null>(null);
  useEffect(() => {
    fetch(`/api/links/${linkId}/exchange`, deviceToken ? { headers: { 'x-linkroom-device': deviceToken } } : {})
      .then((r) => (r.ok ? (r.json() as Promise<ExchangeWall>) : null))
      .then((w) => setItems(w ? w.items.filter((i) => (i.kind === 'image' || i.kind === 'board') && isPublished(i)) : []))
      .catch(() => setItems([]));
  }, [linkId, deviceToken]);
  if (!items) return <p role="status">Loading the wall’s pictures…</p>;
  if (items.length === 0) return <p className="board-note">No approved pictures on the exchange wall yet.</p>;
  return (
    <div className="wb-group picture-picker" role="group" aria-label="Pictures from our exchange wall">
      {items.map((i) => (
        <PickerButton key={i.id} item={i} deviceToken={deviceToken} onPick={onPick} />
      ))}
    </div>
  );
}

function PickerButton({ item, deviceToken, onPick }: { item: ExchangeItemView; deviceToken?: string; onPick: (item: ExchangeItemView) => void }) {
  const thumb = useFileUrl(`/api/exchange/${item.id}/thumbnail`, deviceToken);
  return (
    <button
      type="button"
      className="secondary picture-choice"
      data-testid="wb-picture-choice"
      onClick={() => onPick(item)}
      aria-label={`Put “${item.title}” on the board`}
    >
      {thumb ? <img src={thumb} alt="" /> : item.title}
    </button>
  );
}
