// What the page prepares for media as soon as the socket is up — a class device while it waits
// in the lobby, a teacher's page while it joins: the mediasoup-client Device loaded with the
// SFU's codecs, and the DTLS certificate its connections will use. At admission the page sends
// its RTP capabilities and that certificate's fingerprint with media:join, and gets back both
// transports (already told who will connect) and every consumer, in one answer.
import { Device, type types } from 'mediasoup-client';
import type { SocketTransport } from '../api/socket-transport';
import { markJoinStep } from './join-steps';
import { warmUpWebRtc } from './webrtc-warm-up';

export interface PreparedMedia {
  device: Device;
  /** The SFU codecs it was loaded with, as canonical JSON (canonicalJson): media:join's answer is checked against them. */
  capabilities: string;
  /** Absent where the browser cannot make one: the transports then connect the usual way. */
  certificate?: RTCCertificate;
}

/** What browsers make by default for WebRTC, and quickly. */
const ECDSA_P256: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
/** A certificate this close to expiry is not used (a page left open for weeks): the usual way instead. */
const CERTIFICATE_MARGIN_MS = 60 * 60 * 1000;

export async function prepareMedia(transport: Pick<SocketTransport, 'request'>): Promise<PreparedMedia> {
  const certificate = newCertificate();
  const asked = transport.request('media:capabilities', {}).then((r) => r.routerRtpCapabilities as types.RtpCapabilities);
  // The SFU's codecs seldom change: the device is loaded with last time's while the socket
  // connects, and loaded again only if the server's answer differs.
  const remembered = rememberedCapabilities();
  const early = remembered ? loadDevice(remembered).catch(() => undefined) : Promise.resolve(undefined);
  // Nothing remembered: the page's first RTCPeerConnection is made now all the same.
  if (!remembered) void warmUpWebRtc();
  const current = await asked;
  let device = JSON.stringify(current) === JSON.stringify(remembered) ? await early : undefined;
  if (!device) {
    device = await loadDevice(current);
    remember(current);
  }
  markJoinStep('device-loaded');
  const made = await certificate;
  const capabilities = canonicalJson(current);
  return made ? { device, capabilities, certificate: made } : { device, capabilities };
}

async function loadDevice(routerRtpCapabilities: types.RtpCapabilities): Promise<Device> {
  const device = new Device();
  await device.load({ routerRtpCapabilities });
  return device;
}

const CAPABILITIES_KEY = 'linkroom.sfu-rtp-capabilities';

function rememberedCapabilities(): types.RtpCapabilities | undefined {
  try {
    const stored = localStorage.getItem(CAPABILITIES_KEY);
    return stored ? (JSON.parse(stored) as types.RtpCapabilities) : undefined;
  } catch {
    return undefined;
  }
}

function remember(capabilities: types.RtpCapabilities): void {
  try {
    localStorage.setItem(CAPABILITIES_KEY, JSON.stringify(capabilities));
  } catch {
    // Storage full or refused: the next call asks first, as now.
  }
}

async function newCertificate(): Promise<RTCCertificate | undefined> {
  try {
    return await RTCPeerConnection.generateCertificate(ECDSA_P256);
  } catch {
    return undefined;
  }
}

/**
 * The DTLS parameters the page's transports will present with this certificate: mediasoup-client
 * makes the browser the DTLS client, and the fingerprint is the certificate's (uppercase, as in SDP).
 */
export function dtlsParametersOf(certificate: RTCCertificate | undefined): types.DtlsParameters | undefined {
  // getFingerprints() is recent (Firefox 137): without it, the usual way.
  if (!certificate || typeof certificate.getFingerprints !== 'function' || certificate.expires - Date.now() < CERTIFICATE_MARGIN_MS) return undefined;
  const fingerprints = certificate
    .getFingerprints()
    .flatMap((f) => (f.algorithm && f.value ? [{ algorithm: f.algorithm as types.FingerprintAlgorithm, value: f.value.toUpperCase() }] : []));
  return fingerprints.length > 0 ? { role: 'client', fingerprints } : undefined;
}

/** Whether the parameters a transport connects with are the ones announced in advance. */
export function sameDtlsParameters(a: types.DtlsParameters, b: types.DtlsParameters): boolean {
  const key = (p: types.DtlsParameters) => JSON.stringify([p.role ?? 'auto', p.fingerprints.map((f) => [f.algorithm, f.value.toUpperCase()]).sort()]);
  return key(a) === key(b);
}

/** The server's codecs are not those the page's device was loaded with: it is prepared again. */
export class StaleMediaDeviceError extends Error {
  constructor() {
    super('the media server’s codecs changed since this page prepared its media');
    this.name = 'StaleMediaDeviceError';
  }
}

/** JSON with every object's keys sorted: equal for equal capabilities whatever the order they came in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
