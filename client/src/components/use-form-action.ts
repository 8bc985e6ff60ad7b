import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/http';

/** Runs an action (a button's, a form's): tracks busy, keeps the error to show. */
export function useAction() {
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    try {
      await action();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      if (err instanceof ApiError) setFieldErrors(err.fields);
    } finally {
      setBusy(false);
    }
  };
  return { error, fieldErrors, busy, run };
}

/** A form's submit handler: prevents the page load, tracks busy, keeps the error to show. */
export function useFormAction(action: () => Promise<void>) {
  const { error, fieldErrors, busy, run } = useAction();
  // A form handler returns nothing: the action's outcome shows in `error` and `busy`.
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(action);
  };
  return { error, fieldErrors, busy, onSubmit };
}
