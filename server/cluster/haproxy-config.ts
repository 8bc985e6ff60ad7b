// The reverse proxy in front of several Linkroom nodes (HAProxy, Debian's `haproxy`): any node
// answers ordinary requests; every connection of one call goes to the node serving it. Each
// call connection carries `?callId=` (client/src/api/socket-transport.ts); a stick table keeps
// a call on the node its first connection reached, and moves it only when that node is down
// (`option redispatch`), where the call is taken over (server/calls/settle-interrupted-calls.ts).
// Routing by call, not piping media between nodes (mediasoup's pipeToRouter): a class-to-class
// call is small, so one node carries it whole and no node depends on another mid-call.

export interface ProxyNode {
  name: string;
  /** host:port of the node's HTTP server. */
  address: string;
}

export interface ProxyOptions {
  /** What HAProxy binds, e.g. `:443` or `127.0.0.1:8080`. */
  listen: string;
  nodes: ProxyNode[];
  /** A PEM with the certificate and key, to terminate TLS at the proxy. */
  certificate?: string;
  /** How often each node's /healthz is asked; two failures in a row take it out. */
  checkEveryMs?: number;
}

export const HEALTH_CHECK_EVERY_MS = 1_000;
/** How long a call stays bound to its node without any connection of it. */
const CALL_BINDING_EXPIRES = '12h';

export function haproxyConfig({ listen, nodes, certificate, checkEveryMs = HEALTH_CHECK_EVERY_MS }: ProxyOptions): string {
  if (!nodes.length) throw new Error('at least one node');
  for (const n of nodes) {
    if (!/^[A-Za-z0-9_.-]+$/.test(n.name)) throw new Error(`node name "${n.name}": letters, digits, dot, dash and underscore only`);
    if (!/^[^\s:]+:\d{1,5}$/.test(n.address)) throw new Error(`node address "${n.address}": host:port`);
  }
  return [
    // No global maxconn: HAProxy sizes it from the open-files limit it is given (ulimit -n).
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    // A call's Socket.IO connection is one long WebSocket.
    '  timeout tunnel 2h',
    '  option forwardfor',
    // A node that refuses the connection (it has just died): another is tried at the next attempt.
    '  retries 2',
    '  option redispatch 1',
    '',
    'frontend linkroom',
    `  bind ${listen}${certificate ? ` ssl crt ${certificate}` : ''}`,
    '  default_backend nodes',
    '',
    'backend nodes',
    '  balance roundrobin',
    `  stick-table type string len 32 size 1m expire ${CALL_BINDING_EXPIRES}`,
    '  stick on url_param(callId)',
    '  option httpchk GET /healthz',
    '  http-check expect status 200',
    // A node marked down has its connections cut, so that its calls' participants reconnect to another.
    `  default-server inter ${checkEveryMs} fall 2 rise 2 on-marked-down shutdown-sessions`,
    ...nodes.map((n) => `  server ${n.name} ${n.address} check`),
    '',
  ].join('\n');
}
