// Who a request or socket comes from. Proxies are trusted only as configured (TRUST_PROXY:
// none by default, a number of hops, or addresses/CIDRs/presets such as loopback): the
// client is the right-most X-Forwarded-For address that is not a trusted proxy, as
// proxy-addr (what express uses for req.ip) decides. Every limiter keys on this.
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/** false: trust no proxy; a number: that many hops; else addresses, CIDRs or presets. */
export type TrustProxy = false | number | string[];

export function trustFunction(trust: TrustProxy): (addr: string, hop: number) => boolean {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_addr, hop) => hop < trust;
  return proxyAddr.compile(trust);
}

export function clientAddressOf(req: IncomingMessage, trust: (addr: string, hop: number) => boolean): string {
  return proxyAddr(req, trust);
}

/** TRUST_PROXY as written: '' or 'none' → false; '2' → 2 hops; 'loopback, 10.0.0.0/8' → a list. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'none' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  proxyAddr.compile(list); // throws on a bad address, so start-up names the variable
  return list;
}
