import { describe, expect, it } from 'vitest';
import { canonicalJson, dtlsParametersOf, sameDtlsParameters } from '../../client/src/call/media-device';

const HOUR_MS = 60 * 60 * 1000;
/** An RTCCertificate as the browser gives it: lowercase hex fingerprints (RFC 8122 allows either case). */
const certificate = (expiresInMs: number, fingerprints = [{ algorithm: 'sha-256', value: 'ab:cd:0e' }]) =>
  ({ expires: Date.now() + expiresInMs, getFingerprints: () => fingerprints }) as unknown as RTCCertificate;

describe('the DTLS parameters announced with media:join', () => {
  it('are the certificate’s fingerprints in SDP’s uppercase, with the browser as DTLS client', () => {
    expect(dtlsParametersOf(certificate(24 * HOUR_MS))).toEqual({ role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD:0E' }] });
  });

  it('are not announced without a certificate, near its expiry, or without a fingerprint', () => {
    expect(dtlsParametersOf(undefined)).toBeUndefined();
    expect(dtlsParametersOf(certificate(HOUR_MS / 2))).toBeUndefined();
    expect(dtlsParametersOf(certificate(24 * HOUR_MS, []))).toBeUndefined();
  });

  it('match what a transport connects with whatever the case and order, and not another certificate or role', () => {
    const announced = dtlsParametersOf(certificate(24 * HOUR_MS))!;
    expect(sameDtlsParameters(announced, { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'ab:cd:0e' }] })).toBe(true);
    expect(sameDtlsParameters(announced, { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD:0F' }] })).toBe(false);
    expect(sameDtlsParameters(announced, { role: 'server', fingerprints: announced.fingerprints })).toBe(false);
    expect(sameDtlsParameters(announced, { fingerprints: announced.fingerprints })).toBe(false);
  });
});

describe('the codecs a device was loaded with, compared with media:join’s answer', () => {
  it('are equal whatever order their keys came in, and differ when a codec does', () => {
    const caps = { codecs: [{ kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 101, parameters: {} }], headerExtensions: [] };
    const reordered = { headerExtensions: [], codecs: [{ parameters: {}, preferredPayloadType: 101, mimeType: 'video/VP8', kind: 'video' }] };
    expect(canonicalJson(reordered)).toBe(canonicalJson(caps));
    expect(canonicalJson({ ...caps, codecs: [{ ...caps.codecs[0], preferredPayloadType: 102 }] })).not.toBe(canonicalJson(caps));
  });

  it('are not announced from a certificate without getFingerprints() (Firefox before 137)', () => {
    expect(dtlsParametersOf({ expires: Date.now() + 24 * HOUR_MS } as unknown as RTCCertificate)).toBeUndefined();
  });
});
