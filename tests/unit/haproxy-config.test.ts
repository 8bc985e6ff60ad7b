import { describe, expect, it } from 'vitest';
import { haproxyConfig } from '../../server/cluster/haproxy-config.js';

describe('haproxyConfig', () => {
  const nodes = [
    { name: 'node1', address: '10.0.0.11:4000' },
    { name: 'node2', address: '10.0.0.12:4000' },
  ];

  it('keeps every connection of a call on one node, checks each node and cuts a dead one off', () => {
    const cfg = haproxyConfig({ listen: ':443', nodes, certificate: '/etc/haproxy/linkroom.pem' });
    expect(cfg).toContain('bind :443 ssl crt /etc/haproxy/linkroom.pem');
    expect(cfg).toContain('stick on url_param(callId)');
    expect(cfg).toContain('option redispatch 1');
    expect(cfg).toContain('option httpchk GET /healthz');
    expect(cfg).toMatch(/on-marked-down shutdown-sessions/);
    expect(cfg).toContain('server node1 10.0.0.11:4000 check');
    expect(cfg).toContain('server node2 10.0.0.12:4000 check');
  });

  it('refuses what would make a broken configuration', () => {
    expect(() => haproxyConfig({ listen: ':80', nodes: [] })).toThrow(/at least one node/);
    expect(() => haproxyConfig({ listen: ':80', nodes: [{ name: 'a b', address: '10.0.0.1:4000' }] })).toThrow(/node name/);
    expect(() => haproxyConfig({ listen: ':80', nodes: [{ name: 'a', address: '10.0.0.1' }] })).toThrow(/host:port/);
  });
});
