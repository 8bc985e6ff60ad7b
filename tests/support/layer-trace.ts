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

  /** The steps of the first drop below `layer` after `sinceMs` (ms after it; null: not seen). */
  dropAfter(sinceMs: number, layer: number): LayerChangeSteps {
    return this.changeAfter(
      sinceMs,
      (from) => from === layer,
      (to) => to < layer,
    );
  }

  /** The steps of the first climb back to `layer` after `sinceMs` (ms after it; null: not seen). */
  riseAfter(sinceMs: number, layer: number): LayerChangeSteps {
    return this.changeAfter(
      sinceMs,
      (from) => from !== undefined && from < layer,
      (to) => to >= layer,
    );
  }

  /**
   * The first consumer whose layer at `sinceMs` passes `from` to ask for one that passes `to`,
   * and what the SFU and its sender did next.
   */
  private changeAfter(sinceMs: number, from: (layer: number | undefined) => boolean, to: (layer: number) => boolean): LayerChangeSteps {
    const after = (list: Stamp[], atMs: number, match: (s: Stamp) => boolean) => list.find((s) => s.atMs >= atMs && match(s));
    const rel = (s: Stamp | undefined) => (s ? s.atMs - sinceMs : null);
    const layerAt = (consumerId: string | undefined, atMs: number) => this.switches.filter((s) => s.consumerId === consumerId && s.atMs < atMs).at(-1)?.spatial;
    const ask = after(this.asked, sinceMs, (s) => to(s.spatial ?? 0) && from(layerAt(s.consumerId, sinceMs)));
    if (!ask) return { askedMs: null, pliMs: null, keyframeMs: null, switchedMs: null };
    const pli = after(this.plis, ask.atMs, (s) => s.producerId === ask.producerId);
    const keyframe = after(this.keyframes, ask.atMs, (s) => s.producerId === ask.producerId);
    const switched = after(this.switches, ask.atMs, (s) => s.consumerId === ask.consumerId && to(s.spatial ?? 0));
    return { askedMs: rel(ask), pliMs: rel(pli), keyframeMs: rel(keyframe), switchedMs: rel(switched) };
  }
}
