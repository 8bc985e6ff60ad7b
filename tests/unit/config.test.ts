import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.database).toEqual({
      embedded: { bin: expect.stringMatching(/server\/db\/build\/ferretdb$/), dataDir: path.resolve('./data') },
    });
    expect(config.sfu.workers).toBeGreaterThanOrEqual(1);
    expect(config.sfu.listen).toMatchObject({ ip: '127.0.0.1', minPort: 40000, maxPort: 49999, announcedAddress: undefined, port: undefined });
  });

  it('uses MONGODB_URI instead of the embedded database when given', () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://db.example:27017/linkroom?replicaSet=rs0' });
    expect(config.database).toEqual({ uri: 'mongodb://db.example:27017/linkroom?replicaSet=rs0' });
  });

  it('runs as one process without REDIS_URL, and takes only a redis:// or rediss:// one', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'rediss://cache.example:6380/0' }).redisUrl).toBe('rediss://cache.example:6380/0');
    expect(configError({ REDIS_URL: 'http://cache.example' }).issues).toEqual([{ variable: 'REDIS_URL', message: 'a redis:// or rediss:// URL' }]);
  });

  it('reads the SFU settings', () => {
    const config = loadConfig({
      SFU_WORKERS: '3',
      RTC_LISTEN_IP: '0.0.0.0',
      RTC_ANNOUNCED_ADDRESS: 'linkroom.example',
      RTC_MIN_PORT: '41000',
      RTC_MAX_PORT: '41999',
      RTC_PORT: '443',
    });
    expect(config.sfu).toEqual({ workers: 3, listen: { ip: '0.0.0.0', announcedAddress: 'linkroom.example', port: 443, minPort: 41000, maxPort: 41999 } });
    expect(() => loadConfig({ RTC_PORT: '70000' })).toThrow(/RTC_PORT/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' }).port).toBe(3000);
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '3000.5' }],
    ['MONGODB_URI', { MONGODB_URI: 'postgres://localhost/x' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['SFU_WORKERS', { SFU_WORKERS: '0' }],
    ['RTC_LISTEN_IP', { RTC_LISTEN_IP: 'not-an-ip' }],
    ['RTC_MIN_PORT', { RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
  ])('names %s when its value is bad', (variable, env) => {
    const err = configError(env);
    expect(err.issues.map((i) => i.variable)).toEqual([variable]);
    expect(err.message).toContain(`${variable}:`);
  });

  it('reports every bad variable at once', () => {
    const err = configError({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('reads TURN: a child coturn on the media address, or an external one with its URLs', () => {
    const child = loadConfig({
      RTC_LISTEN_IP: '10.0.0.5',
      TURN_SECRET: 'a secret of enough length',
      TURN_SERVER: 'child',
      TURN_TLS_CERT: '/c.pem',
      TURN_TLS_KEY: '/k.pem',
    });
    expect(child.turn).toMatchObject({
      urls: ['turn:10.0.0.5:3478?transport=udp', 'turn:10.0.0.5:3478?transport=tcp', 'turns:10.0.0.5:443?transport=tcp'],
      ttlS: 12 * 3600,
      child: { listenIp: '10.0.0.5', port: 3478, tls: { port: 443, cert: '/c.pem', key: '/k.pem' }, relayMinPort: 50000, relayMaxPort: 59999 },
    });
    expect(loadConfig({}).turn).toBeUndefined();
    const external = loadConfig({ TURN_SECRET: 'a secret of enough length', TURN_URLS: 'turns:turn.example.org:443?transport=tcp' });
    expect(external.turn).toEqual({ secret: 'a secret of enough length', urls: ['turns:turn.example.org:443?transport=tcp'], ttlS: 43200 });
    expect(() => loadConfig({ TURN_SECRET: 'a secret of enough length' })).toThrow(/TURN_URLS/);
    expect(() => loadConfig({ TURN_SECRET: 'short' })).toThrow(/TURN_SECRET/);
    expect(() => loadConfig({ TURN_SECRET: 'a secret of enough length', TURN_SERVER: 'child', TURN_TLS_CERT: '/c.pem' })).toThrow(/TURN_TLS_CERT/);
  });
});
