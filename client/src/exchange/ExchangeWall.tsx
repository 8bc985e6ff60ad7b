// A link's exchange wall: what this viewer may see of it, the upload zone and a letter
// form for those who may post, and each item's approvals.
import { useState } from 'react';
import type { ExchangeWall as Wall } from '../../../shared/schemas/exchange';
import { api } from '../api/http';
import { useResource } from '../api/use-resource';
import { ExchangeItemCard } from './ExchangeItemCard';
import { UploadZone } from './UploadZone';

interface Tag {
  key: string;
  title: string;
}

export function ExchangeWall({ linkId, mayPost, tags = [] }: { linkId: string; mayPost: boolean; tags?: Tag[] }) {
  const { data, error, reload } = useResource<Wall>(`/api/links/${linkId}/exchange`);
  const [tag, setTag] = useState('');
  const tagTitle = new Map(tags.map((t) => [t.key, t.title]));
  const act = (p: Promise<unknown>) => p.then(reload);
  return (
    <div className="exchange-wall">
      {error && <p role="alert">{error}</p>}
      {data && (
        <p className="muted">
          {data.receiverApproval
            ? 'On this link, work is seen by the other class after a teacher of each school approves it.'
            : 'On this link, work is seen by the other class once its own teacher approves it.'}
        </p>
      )}
      {mayPost && tags.length > 0 && (
        <p>
          <label htmlFor="exchange-tag">Part of the year this work belongs to: </label>
          <select id="exchange-tag" value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">(none)</option>
            {tags.map((t) => (
              <option key={t.key} value={t.key}>
                {t.title}
              </option>
            ))}
          </select>
        </p>
      )}
      {mayPost && <UploadZone linkId={linkId} onUploaded={reload} headingLevel={2} {...(tag ? { milestoneKey: tag } : {})} />}
      {mayPost && <LetterForm linkId={linkId} onSent={reload} {...(tag ? { milestoneKey: tag } : {})} />}
      <h2>On the wall</h2>
      {data?.items.length === 0 && <p>Nothing here yet.</p>}
      <ul className="exchange-grid">
        {data?.items.map((item) => (
          <ExchangeItemCard
            key={item.id}
            item={item}
            {...(item.milestoneKey && tagTitle.has(item.milestoneKey) ? { tag: tagTitle.get(item.milestoneKey)! } : {})}
            actions={{
              approve: () => act(api.post(`/api/exchange/${item.id}/approve`)),
              reject: (reason) => act(api.post(`/api/exchange/${item.id}/reject`, { reason })),
              flag: (reason) => act(api.post(`/api/exchange/${item.id}/flag`, { reason })),
              remove: () => act(api.delete(`/api/exchange/${item.id}`)),
              comment: (body) => act(api.post(`/api/exchange/${item.id}/comments`, body)),
              decideComment: (commentId, decision) =>
                act(
                  decision === 'approve'
                    ? api.post(`/api/exchange/comments/${commentId}/approve`)
                    : api.post(`/api/exchange/comments/${commentId}/reject`, { reason: 'Held back by the class teacher' }),
                ),
            }}
          />
        ))}
      </ul>
    </div>
  );
}

function LetterForm({ linkId, onSent, milestoneKey }: { linkId: string; onSent: () => void; milestoneKey?: string }) {
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="letter-form"
      onSubmit={(e) => {
        e.preventDefault();
        api.post(`/api/links/${linkId}/exchange/letters`, { title, text, ...(milestoneKey ? { milestoneKey } : {}) }).then(
          () => {
            setTitle('');
            setText('');
            setError(null);
            onSent();
          },
          (err: Error) => setError(err.message),
        );
      }}
    >
      <h2>Write a letter</h2>
      <label htmlFor="letter-title">Title</label>
      <input id="letter-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} required />
      <label htmlFor="letter-text">Letter (first names only)</label>
      <textarea id="letter-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} rows={5} required />
      {error && <p role="alert">{error}</p>}
      <button type="submit">Send for approval</button>
    </form>
  );
}
