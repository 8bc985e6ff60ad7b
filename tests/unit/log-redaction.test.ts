import { describe, expect, it } from 'vitest';
import { redactPath } from '../../server/http/log-redaction.js';

describe('redactPath', () => {
  it.each([
    ['/api/invitations/abcDEF123456789012345/accept', '/api/invitations/[token]/accept'],
    ['/invite/abcDEF123456789012345', '/invite/[token]'],
    ['/api/eoi-forms/tok3n', '/api/eoi-forms/[token]'],
    ['/eoi/tok3n?x=1', '/eoi/[token]?x=…'],
    ['/api/programmes?token=secret&limit=5', '/api/programmes?token=…&limit=…'],
    ['/api/links/665f1c0ffee0000000000005/exchange', '/api/links/665f1c0ffee0000000000005/exchange'],
    ['/', '/'],
  ])('%s → %s', (url, logged) => expect(redactPath(url)).toBe(logged));
});
