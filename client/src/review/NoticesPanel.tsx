// New concerns reaching this DSL: unread first, each marked read when dealt with.
import { useState } from 'react';
import type { NotificationView } from '../../../shared/schemas/safeguarding';
import { api } from '../api/http';
import { FormError } from '../components/FormError';

export function NoticesPanel({ notices, onOpen, reload }: { notices: NotificationView[]; onOpen: (concernId: string) => void; reload: () => void }) {
  const [error, setError] = useState<string>();
  const unread = notices.filter((n) => !n.read);
  if (unread.length === 0) return null;
  return (
    <section aria-labelledby="notices-h" className="notices" data-testid="notices">
      <h2 id="notices-h">New for you ({unread.length})</h2>
      <ul className="plain">
        {unread.map((n) => (
          <li key={n.id} className={n.urgent ? 'notice urgent' : 'notice'} {...(n.urgent ? { role: 'alert' } : {})}>
            <span>{n.urgent ? <strong>{n.text}</strong> : n.text}</span> <span className="muted">{new Date(n.createdAt).toLocaleString()}</span>{' '}
            {n.concernId && (
              <button type="button" className="secondary" onClick={() => onOpen(n.concernId!)}>
                Open
              </button>
            )}{' '}
            <button
              type="button"
              className="secondary"
              onClick={() => void api.post(`/api/notifications/${n.id}/read`).then(reload, (e: Error) => setError(e.message))}
            >
              Mark read
            </button>
          </li>
        ))}
      </ul>
      <FormError message={error} />
    </section>
  );
}
