// bench:network's breakdown of a layer change, as the SFU sees it: when a receiver asked for
// another layer, when the SFU asked the sender for a keyframe, when the keyframe came in, and
// when the consumer switched. Watches every worker made after `start` (mediasoup's observer).
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';

export interface LayerChangeSteps {
  /** The receiver's request for another layer reached the SFU. */
  askedMs: number | null;
  /** The SFU asked the sender for a keyframe (PLI). */
  pliMs: number | null;
  /** A keyframe came in from that sender. */
  keyframeMs: number | null;
  /** The consumer switched to that layer. */
  switchedMs: number | null;
}

type Stamp = { atMs: number; consumerId?: string; producerId: string; spatial?: number };

export class SfuLayerTrace {
  private readonly asked: Stamp[] = [];
  private readonly plis: Stamp[] = [];
  private readonly keyframes: Stamp[] = [];
  private readonly switches: Stamp[] = [];

  start(): void {
    mediasoup.observer.on('newworker', (worker) =>
      worker.observer.on('newrouter', (router) =>
        router.observer.on('newtransport', (transport) => {
          transport.observer.on('newproducer', (producer) => this.watchProducer(producer));
          transport.observer.on('newconsumer', (consumer) => this.watchConsumer(consumer));
        }),
      ),
    );
  }

  private watchProducer(producer: types.Producer): void {
    if (producer.kind !== 'video') return;
    void producer.enableTraceEvent(['pli', 'keyframe']).catch(() => undefined);
    producer.on('trace', (t) => {
      const stamp = { atMs: Date.now(), producerId: producer.id };
      if (t.type === 'pli' && t.direction === 'out') this.plis.push(stamp);
      if (t.type === 'keyframe' && t.direction === 'in') this.keyframes.push(stamp);
    });
  }

  private watchConsumer(consumer: types.Consumer): void {
    if (consumer.kind !== 'video') return;
    const set = consumer.setPreferredLayers.bind(consumer);
    consumer.setPreferredLayers = (layers) => {
      this.asked.push({ atMs: Date.now(), consumerId: consumer.id, producerId: consumer.producerId, spatial: layers.spatialLayer });
      return set(layers);
    };
    consumer.on('layerschange', (layers) =>
      this.switches.push({ atMs: Date.now(), consumerId: consumer.id, producerId: consumer.producerId, ...(layers ? { spatial: layers.spatialLayer } : {}) }),
    );
  }

  /** The steps of a consumer's first drop below `layer` after `sinceMs` (ms after it; null: not seen). */
  dropAfter(consumerId: string, sinceMs: number, layer: number): LayerChangeSteps {
    return this.changeAfter(consumerId, sinceMs, (to) => to < layer);
  }

  /** The steps of a consumer's first climb back to `layer` after `sinceMs` (ms after it; null: not seen). */
  riseAfter(consumerId: string, sinceMs: number, layer: number): LayerChangeSteps {
    return this.changeAfter(consumerId, sinceMs, (to) => to >= layer);
  }

  /** The consumer's first request after `sinceMs` for a layer that passes `to`, and what the SFU and its sender did next. */
  private changeAfter(consumerId: string, sinceMs: number, to: (layer: number) => boolean): LayerChangeSteps {
    const after = (list: Stamp[], atMs: number, match: (s: Stamp) => boolean) => list.find((s) => s.atMs >= atMs && match(s));
    const rel = (s: Stamp | undefined) => (s ? s.atMs - sinceMs : null);
    // The SFU may switch without a new request (its own estimate, or a cap lifted earlier).
    const switched = after(this.switches, sinceMs, (s) => s.consumerId === consumerId && to(s.spatial ?? 0));
    const ask = after(this.asked, sinceMs, (s) => s.consumerId === consumerId && to(s.spatial ?? 0));
    if (!ask) return { askedMs: null, pliMs: null, keyframeMs: null, switchedMs: rel(switched) };
    const pli = after(this.plis, ask.atMs, (s) => s.producerId === ask.producerId);
    const keyframe = after(this.keyframes, ask.atMs, (s) => s.producerId === ask.producerId);
    return { askedMs: rel(ask), pliMs: rel(pli), keyframeMs: rel(keyframe), switchedMs: rel(switched) };
  }
}
