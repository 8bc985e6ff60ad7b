// Which Linkroom nodes are running (REDIS_URL): each node keeps a key of its own alive in
// Redis while it runs. A call records the node serving it; a call whose node's key has
// expired lost its room with that node, and another node may take it over or settle it.
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { nanoid } from 'nanoid';

/** A node that has not renewed its key for this long is taken for dead. */
export const NODE_TTL_MS = 15_000;
const RENEW_EVERY_MS = 5_000;
const KEY_PREFIX = 'linkroom:node:';

export interface NodeLiveness {
  /** This node's id, recorded on the calls it serves. */
  readonly id: string;
  /** The ids among `ids` whose node is running. */
  alive(ids: string[]): Promise<Set<string>>;
}

/** Names the process (the tests find a node's process by it) and is new at every start. */
const newNodeId = () => `${hostname()}-${process.pid}-${nanoid(6)}`;

export class RedisNodeRegistry implements NodeLiveness {
  readonly id = newNodeId();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly redis: Redis) {}

  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew().catch(() => undefined), RENEW_EVERY_MS);
    this.timer.unref();
  }

  private renew(): Promise<unknown> {
    return this.redis.set(KEY_PREFIX + this.id, String(Date.now()), 'PX', NODE_TTL_MS);
  }

  async alive(ids: string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Set();
    const values = await this.redis.mget(unique.map((id) => KEY_PREFIX + id));
    return new Set(unique.filter((_, i) => values[i] !== null));
  }

  /** A node that stops cleanly says so at once: its calls need not wait for the key to expire. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(KEY_PREFIX + this.id).catch(() => undefined);
  }
}

/** One process, no Redis: this node is the only one, and every other id is a node gone. */
export class SingleNode implements NodeLiveness {
  readonly id = newNodeId();

  alive(ids: string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(ids.filter((id) => id === this.id)));
  }
}
