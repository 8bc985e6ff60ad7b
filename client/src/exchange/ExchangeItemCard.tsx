// One piece of work on the wall: a picture of it, who sent it, where it is in approval,
// and what this viewer may do with it.
import { useState } from 'react';
import { FileText, Film, Image, Mail, Map, Music, Paperclip, type LucideIcon } from 'lucide-react';
import { isPublished } from '../../../shared/exchange';
import { REACTION_NAMES, type ExchangeItemView } from '../../../shared/schemas/exchange';
import { REACTION_ICONS } from '../components/picture-icons';
import { useFileUrl } from './use-file-url';

const KIND_ICON: Record<string, LucideIcon> = { image: Image, pdf: FileText, audio: Music, video: Film, letter: Mail, board: Map };

function ReactionIcon({ name, decorative = false }: { name: (typeof REACTION_NAMES)[number]; decorative?: boolean }) {
  const { icon: Icon, colour } = REACTION_ICONS[name];
  return decorative ? <Icon aria-hidden="true" size={22} color={colour} /> : <Icon role="img" aria-label={name} size={22} color={colour} />;
}

function KindIcon({ kind }: { kind: string }) {
  const Icon = KIND_ICON[kind] ?? Paperclip;
  return (
    <span className="exchange-icon" aria-hidden="true">
      <Icon size={48} strokeWidth={1.75} />
    </span>
  );
}

function approvalWords(i: ExchangeItemView): string {
  if (i.flagged) return 'Concern raised — hidden from the classes';
  if (i.senderApproval === 'pending') return `Waiting for ${i.fromSchoolName}’s teacher`;
  if (i.senderApproval === 'rejected') return 'Not sent';
  if (i.receiverApproval === 'pending') return 'Waiting for the partner school’s teacher';
  if (i.receiverApproval === 'rejected') return 'Not shown to the partner class';
  return 'Shared with both classes';
}

interface ItemActions {
  approve(): Promise<unknown>;
  reject(reason: string): Promise<unknown>;
  flag(reason: string): Promise<unknown>;
  remove(): Promise<unknown>;
  comment(body: { text: string } | { reaction: (typeof REACTION_NAMES)[number] }): Promise<unknown>;
  decideComment(commentId: string, decision: 'approve' | 'reject'): Promise<unknown>;
}

export function ExchangeItemCard({ item, actions, deviceToken, tag }: { item: ExchangeItemView; actions: ItemActions; deviceToken?: string; tag?: string }) {
  const thumb = useFileUrl(item.hasThumbnail ? `/api/exchange/${item.id}/thumbnail` : null, deviceToken);
  // A class device is shown only recordings and videos themselves; staff get a link to every file.
  const file = useFileUrl(item.kind === 'audio' || item.kind === 'video' || !deviceToken ? `/api/exchange/${item.id}/file` : null, deviceToken);
  const [asking, setAsking] = useState<'reject' | 'flag' | null>(null);
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = (p: Promise<unknown>) =>
    p.then(
      () => (setAsking(null), setReason(''), setError(null)),
      (e: Error) => setError(e.message),
    );
  const published = isPublished(item);
  return (
    <li
      className={`exchange-item${published ? ' published' : ''}`}
      data-testid="exchange-item"
      data-status={published ? 'published' : item.senderApproval === 'pending' ? 'pending' : 'other'}
    >
      <div className="exchange-preview">
        {item.hasThumbnail && thumb ? <img src={thumb} alt={`Picture of “${item.title}”`} loading="lazy" /> : <KindIcon kind={item.kind} />}
      </div>
      <h3>{item.title}</h3>
      <p className="muted">
        From {item.fromSchoolName} · {item.by}
      </p>
      {tag && <p className="badge tag">{tag}</p>}
      {item.kind === 'letter' && item.text && <p className="exchange-letter">{item.text}</p>}
      {item.kind === 'audio' && file && <audio controls src={file} aria-label={`Recording: ${item.title}`} />}
      {item.kind === 'video' && file && <video controls src={file} aria-label={`Video: ${item.title}`} />}
      {(item.kind === 'image' || item.kind === 'pdf' || item.kind === 'board') && file && !deviceToken && (
        <a href={file} target="_blank" rel="noreferrer">
          Open {item.kind === 'pdf' ? 'the PDF' : 'full size'}
        </a>
      )}
      {!deviceToken && (
        <p className={`badge approval ${published ? 'ok' : 'waiting'}`} role="status">
          {approvalWords(item)}
        </p>
      )}
      {item.rejection && !deviceToken && <p className="muted">Reason: {item.rejection.reason}</p>}
      {item.personalDetails && item.senderApproval === 'pending' && (
        <p className="held-note" data-testid="held-for-review">
          Held for you: {item.personalDetails}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      <div className="actions">
        {item.may.approve && (
          <button type="button" data-testid="approve-button" onClick={() => void run(actions.approve())}>
            Approve
          </button>
        )}
        {item.may.reject && (
          <button type="button" data-testid="reject-button" className="secondary" onClick={() => setAsking('reject')}>
            Reject…
          </button>
        )}
        {item.may.flag && (
          <button type="button" className="secondary" onClick={() => setAsking('flag')}>
            Raise a concern…
          </button>
        )}
        {item.may.delete && (
          <button type="button" className="link" onClick={() => window.confirm(`Delete “${item.title}” for both schools?`) && void run(actions.remove())}>
            Delete
          </button>
        )}
      </div>
      {item.comments.length > 0 && (
        <ul className="comments" aria-label="Comments">
          {item.comments.map((c) => (
            <li key={c.id} data-testid="exchange-comment">
              <span>{c.reaction ? <ReactionIcon name={c.reaction} /> : c.text}</span> <span className="muted">— {c.by}</span>
              {c.personalDetails && c.senderApproval === 'pending' && (
                <em className="held-note" data-testid="held-for-review">
                  {' '}
                  Held for you: {c.personalDetails}
                </em>
              )}
              {c.may.approve && (
                <>
                  {' '}
                  <button type="button" className="small" onClick={() => void run(actions.decideComment(c.id, 'approve'))}>
                    Let it through
                  </button>{' '}
                  <button type="button" className="small secondary" onClick={() => void run(actions.decideComment(c.id, 'reject'))}>
                    Hold it back
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {item.may.comment && published && (
        <div className="comment-box">
          <div className="reactions" role="group" aria-label="React">
            {REACTION_NAMES.map((r) => (
              <button
                key={r}
                type="button"
                className="secondary reaction"
                aria-label={`React with ${r}`}
                onClick={() => void run(actions.comment({ reaction: r }))}
              >
                <ReactionIcon name={r} decorative />
              </button>
            ))}
          </div>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const text = comment.trim();
              if (text) void run(actions.comment({ text })).then(() => setComment(''));
            }}
          >
            <label className="visually-hidden" htmlFor={`comment-${item.id}`}>
              Comment
            </label>
            <input id={`comment-${item.id}`} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={300} placeholder="Say something kind…" />
            <button type="submit">Send</button>
          </form>
        </div>
      )}
      {asking && (
        <form
          className="reason-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(asking === 'reject' ? actions.reject(reason) : actions.flag(reason));
          }}
        >
          <label htmlFor={`reason-${item.id}`}>
            {asking === 'reject' ? 'Why is it not being sent? (the other teacher sees this)' : 'What is the concern? (goes to the safeguarding leads)'}
          </label>
          <textarea
            id={`reason-${item.id}`}
            data-testid="reason-input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            minLength={3}
            maxLength={500}
            required
          />
          <div className="actions">
            <button type="submit" data-testid="reason-submit">
              {asking === 'reject' ? 'Reject' : 'Raise the concern'}
            </button>
            <button type="button" className="secondary" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
