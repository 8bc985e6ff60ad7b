// The REST client: same-origin cookies, the CSRF header on writes, typed errors.
import { labelOf } from '../../../shared/payload-fields';
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** What is wrong with each named field of the body ("classes" → "name at least one year group"). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A refusal's field messages: from its schema issues, or a "body.field: words" message. */
export function fieldErrorsOf(error: { message?: string; issues?: { field?: string; message?: string }[] } | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    if (issue.field?.startsWith('body.') && issue.message) fields[issue.field.slice('body.'.length)] ??= issue.message;
  }
  const named = /^body\.([\w.]+): (.+)$/.exec(error?.message ?? '');
  if (named && Object.keys(fields).length === 0) fields[named[1]!] = named[2]!;
  return fields;
}

let csrfToken: string | undefined;
export const setCsrfToken = (token: string | undefined) => {
  csrfToken = token;
};

/** The CSRF header for a write made outside `request` (uploads). */
export const csrfHeader = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'offline', 'Cannot reach Linkroom. Check the connection and try again.');
  }
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; issues?: { field?: string; message?: string }[] } } | undefined)?.error;
    const fields = fieldErrorsOf(error);
    // In words, never "body.classes: …": each field by its name. Forms that show the words
    // beside their fields (FieldError) say where to look instead.
    const message = Object.keys(fields).length
      ? Object.entries(fields)
          .map(([field, words]) => `${labelOf(field.split('.')[0]!)}: ${words}`)
          .join('; ')
      : (error?.message ?? `Request failed (${res.status})`);
    throw new ApiError(res.status, error?.code ?? 'error', message, fields);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
