// Prints the HAProxy configuration for a region's Linkroom nodes (README, "Deploying for a region"):
//   npm run -s cluster:haproxy-config -- --listen :443 --cert /etc/haproxy/linkroom.pem node1=10.0.0.11:4000 node2=10.0.0.12:4000
import { parseArgs } from 'node:util';
import { haproxyConfig } from '../server/cluster/haproxy-config.js';

const { values, positionals } = parseArgs({
  options: { listen: { type: 'string', default: ':80' }, cert: { type: 'string' } },
  allowPositionals: true,
});
try {
  const nodes = positionals.map((arg) => {
    const [name, address] = arg.split('=');
    if (!name || !address) throw new Error(`"${arg}": give each node as name=host:port`);
    return { name, address };
  });
  process.stdout.write(haproxyConfig({ listen: values.listen, nodes, ...(values.cert ? { certificate: values.cert } : {}) }));
} catch (err) {
  console.error(`cluster:haproxy-config: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
