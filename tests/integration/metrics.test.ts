// GET /metrics as Prometheus scrapes it, from a real server with a call in it: the media
// figures come from the SFU, the log's from real appends; only this machine (or a bearer of
// METRICS_TOKEN) may read them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCallWorld, type CallWorld } from '../support/call-world.js';

const TOKEN = 'a-metrics-token-for-the-test';
const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe('GET /metrics', () => {
  let world: CallWorld;
  let guarded: CallWorld;

  beforeAll(async () => {
    world = await startCallWorld(inject('mongoUri'), `metrics_${process.pid}`);
    guarded = await startCallWorld(inject('mongoUri'), `metrics_token_${process.pid}`, { METRICS_TOKEN: TOKEN });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
    await guarded?.close();
  });

  it("reports the node's calls, peers, workers, event loop and log appends to this machine", async () => {
    const teacher = await world.teacher(0);
    const device = await world.device(0, 'Class 40', teacher);
    await device.request('media:join', { roomId: world.callId });
    const res = await fetch(`${world.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(metric(text, 'linkroom_media_rooms')).toBe(1);
    expect(metric(text, 'linkroom_peers')).toBe(1);
    expect(metric(text, 'linkroom_sfu_workers_alive')).toBe(1);
    expect(text).toMatch(/^linkroom_sfu_worker_cpu_seconds\{pid="\d+"\} [\d.e+-]+$/m);
    expect(text).toMatch(/^linkroom_producers\{kind="video"\} 0$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e+-]+$/m);
    // The teacher's joining and the device's admission were logged: each append was timed.
    expect(metric(text, 'linkroom_log_append_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(metric(text, 'linkroom_log_append_queue_depth')).toBe(0);
  });

  it('refuses a request forwarded by a proxy, which would otherwise look local', async () => {
    const res = await fetch(`${world.server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('METRICS_TOKEN');
  });

  it('asks for the bearer token once METRICS_TOKEN is set', async () => {
    expect((await fetch(`${guarded.server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${guarded.server.url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
    const ok = await fetch(`${guarded.server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('linkroom_media_rooms 0');
  });
});
