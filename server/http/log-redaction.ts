// What the HTTP log may say about a request: never a secret. Cookies, set-cookie, the CSRF
// token, a class device's token and authorization headers are left out (only the method,
// the path, the address and the status are logged), and tokens in paths — invitation,
// password-reset and public-form links — are replaced by [token].
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Path segments that are secrets: the segment after each of these. */
const TOKEN_AFTER = new Set(['invite', 'invitations', 'eoi', 'eoi-forms', 'reset', 'password-resets']);

export function redactPath(url: string | undefined): string {
  if (!url) return '';
  const [pathname = '', query] = url.split('?', 2);
  const parts = pathname.split('/');
  for (let i = 1; i < parts.length; i++) if (TOKEN_AFTER.has(parts[i - 1]!) && parts[i]) parts[i] = '[token]';
  // Query strings may carry anything a client put there: their keys only.
  const keys = query ? [...new URLSearchParams(query).keys()] : [];
  return parts.join('/') + (keys.length ? `?${keys.map((k) => `${k}=…`).join('&')}` : '');
}

export const httpLogSerializers = {
  req: (req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }) => {
    const raw = req.raw ?? req;
    return { id: req.id, method: raw.method, url: redactPath(raw.url), remoteAddress: raw.socket?.remoteAddress };
  },
  res: (res: ServerResponse & { raw?: ServerResponse }) => ({ statusCode: (res.raw ?? res).statusCode }),
};
