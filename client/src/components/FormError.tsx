/** An error message announced to screen readers. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}

/** What is wrong with one field, beside it (from the server's refusal, field by field). */
export function FieldError({ message, id }: { message: string | undefined; id?: string }) {
  if (!message) return null;
  return (
    <span className="field-error" {...(id ? { id } : {})}>
      {message.charAt(0).toUpperCase() + message.slice(1)}
    </span>
  );
}
