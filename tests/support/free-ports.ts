// Free UDP-and-TCP ports on loopback for servers a test starts (media ports are both).
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export async function isFree(port: number): Promise<boolean> {
  const tcp = createServer();
  const udp = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => tcp.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve, reject) => udp.once('error', reject).bind(port, '127.0.0.1', resolve));
    return true;
  } catch {
    return false;
  } finally {
    tcp.close();
    udp.close();
  }
}

/** The first of `count` free ports in a row, away from the range other tests' workers pick from. */
export async function freePortsInARow(count: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 30000 + count * Math.floor(Math.random() * (4000 / count));
    const checks = await Promise.all(Array.from({ length: count }, (_, i) => isFree(port + i)));
    if (checks.every(Boolean)) return port;
  }
  throw new Error(`no ${count} free ports in a row`);
}
