// Cuts one media port on loopback for a while, as a school network dropping out would:
// an nftables table of the test's own that drops UDP and TCP to and from the port, removed
// afterwards. Traffic stays on loopback; nothing else is touched. Needs root and nft.
import { execFileSync } from 'node:child_process';

const tableOf = (port: number) => `linkroom_cut_${process.pid}_${port}`;

export function startMediaCut(port: number): () => void {
  const table = tableOf(port);
  const rules = ['udp dport', 'udp sport', 'tcp dport', 'tcp sport'].map((r) => `    iifname "lo" ${r} ${port} drop`).join('\n');
  execFileSync('nft', ['-f', '-'], {
    input: `table inet ${table} {\n  chain input {\n    type filter hook input priority -10; policy accept;\n${rules}\n  }\n}\n`,
  });
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    execFileSync('nft', ['delete', 'table', 'inet', table]);
  };
}
