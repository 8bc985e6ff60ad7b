import { useNavigate } from 'react-router';
import { api } from '../api/http';
import { useLiveCalls } from './use-live-calls';
import { useFormAction } from '../components/use-form-action';
import { FormError } from '../components/FormError';

/** A link's open calls to join, and a button to start one. */
export function LinkCalls({ linkId, canStart }: { linkId: string; canStart: boolean }) {
  const navigate = useNavigate();
  const open = useLiveCalls(linkId);
  const { error, busy, onSubmit } = useFormAction(async () => {
    const call = await api.post<{ id: string }>(`/api/links/${linkId}/calls`, {});
    await navigate(`/calls/${call.id}`);
  });
  return (
    <div className="link-calls">
      {open.map((c) => (
        <a
          key={c.id}
          className="button-link"
          href={`/calls/${c.id}`}
          onClick={(e) => {
            e.preventDefault();
            void navigate(`/calls/${c.id}`);
          }}
        >
          Join call ({new Date(c.createdAt).toLocaleString()})
        </a>
      ))}
      {canStart && (
        <form onSubmit={onSubmit}>
          <button type="submit" data-testid="start-call" disabled={busy}>
            Start a call
          </button>
          <FormError message={error} />
        </form>
      )}
    </div>
  );
}
