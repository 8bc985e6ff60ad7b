import { useState, type FormEvent } from 'react';

/** Runs an action (a button's, a form's): tracks busy, keeps the error to show. */
export function useAction() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/** A form's submit handler: prevents the page load, tracks busy, keeps the error to show. */
export function useFormAction(action: () => Promise<void>) {
  const { error, busy, run } = useAction();
  // A form handler returns nothing: the action's outcome shows in `error` and `busy`.
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(action);
  };
  return { error, busy, onSubmit };
}
