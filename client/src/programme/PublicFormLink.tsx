// The link of the public expression-of-interest form: open it, copy it to send to schools,
// renew it (the old link stops working) or close it.
import { api } from '../api/http';
import type { Programme } from '../api/types';
import { useResource } from '../api/use-resource';
import { FormError } from '../components/FormError';
import { useAction } from '../components/use-form-action';

type FormState = { open: false } | { open: true; path: string };

export function PublicFormLink({ programme }: { programme: Programme }) {
  const url = `/api/programmes/${programme.id}/eoi-form`;
  const state = useResource<FormState>(url);
  const { error, run } = useAction();
  const change = (action: () => Promise<unknown>) =>
    run(async () => {
      await action();
      state.reload();
    });
  const link = state.data?.open ? `${window.location.origin}${state.data.path}` : undefined;
  return (
    <div className="public-form-link">
      <h3>Form for schools</h3>
      {link ? (
        <>
          <p>
            Send this link to schools; they fill in the form themselves, without an account:{' '}
            <input
              readOnly
              value={link}
              data-testid="eoi-form-link"
              aria-label="Link of the form for schools"
              size={Math.min(link.length, 70)}
              onFocus={(e) => e.target.select()}
            />
          </p>
          <p className="actions">
            <button type="button" onClick={() => void navigator.clipboard?.writeText(link)}>
              Copy the link
            </button>
            <button type="button" onClick={() => void change(() => api.post(url))}>
              New link (the old one stops working)
            </button>
            <button type="button" onClick={() => void change(() => api.delete(url))}>
              Close the form
            </button>
          </p>
        </>
      ) : (
        <p className="actions">
          <button type="button" data-testid="eoi-form-open" onClick={() => void change(() => api.post(url))}>
            Open a form for schools to fill in
          </button>
        </p>
      )}
      <FormError message={error ?? state.error} />
    </div>
  );
}
