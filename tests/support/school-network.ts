// A school's network, built for one test: a network namespace joined to this machine by a
// veth pair, with a Chromium that runs inside it. The test's server listens on the
// machine's end of the pair; nftables rules on the link block what a strict school
// firewall blocks; `tc tbf` caps the line. Nothing leaves the pair: the namespace
// has no default route, and everything is removed by close(). Needs root, ip, nft and tc.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Firewall {
  /** Drop every UDP packet leaving the school (many school firewalls do). */
  udp?: boolean;
  /** TCP ports the school does not let out. */
  tcpPorts?: number[];
  /** Drop this share (0–100) of the packets leaving and reaching the school, at random. */
  lossPercent?: number;
}

export interface SchoolNetwork {
  /** The namespace's name (`ip netns exec <ns> …`). */
  ns: string;
  /** The machine's end of the link: the server listens here. */
  serverIp: string;
  /** The school's end. */
  schoolIp: string;
  /** A Chromium executable that runs inside the school's network (for playwright's launch). */
  chromiumPath: string;
  setFirewall(rules: Firewall): void;
  /** Caps the school's line in both directions (null lifts the cap). */
  capRate(kbitPerS: number | null): void;
  close(): void;
}

const run = (cmd: string, args: string[], input?: string) => execFileSync(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(input ? { input } : {}) });

export function buildSchoolNetwork(chromium: string): SchoolNetwork {
  const tag = `${process.pid % 100000}`;
  const ns = `lr-school-${tag}`;
  const [outer, inner] = [`lrh${tag}`, `lrs${tag}`];
  const table = `linkroom_school_${tag}`;
  // 10.231.x.0/30: a small private subnet of the test's own, different for each test process.
  const subnet = `10.231.${process.pid % 250}`;
  const serverIp = `${subnet}.1`;
  const schoolIp = `${subnet}.2`;
  const inNs = (cmd: string, args: string[], input?: string) => run('ip', ['netns', 'exec', ns, cmd, ...args], input);
  const dir = mkdtempSync(path.join(tmpdir(), 'linkroom-school-'));

  const removeLinks = () => {
    for (const [cmd, ...args] of [
      ['nft', 'delete', 'table', 'inet', table],
      ['ip', 'link', 'del', outer],
      ['ip', 'netns', 'del', ns],
    ] as const) {
      try {
        run(cmd, args);
      } catch {
        // already gone
      }
    }
  };
  const remove = () => {
    removeLinks();
    rmSync(dir, { recursive: true, force: true });
  };
  removeLinks();
  try {
    run('ip', ['netns', 'add', ns]);
    run('ip', ['link', 'add', outer, 'type', 'veth', 'peer', 'name', inner]);
    // No IPv6 link-local addresses: one appearing a second later makes Chromium drop its
    // requests in flight (ERR_NETWORK_CHANGED), as a laptop changing networks would.
    run('ip', ['link', 'set', outer, 'addrgenmode', 'none']);
    run('ip', ['link', 'set', inner, 'addrgenmode', 'none']);
    run('ip', ['link', 'set', inner, 'netns', ns]);
    run('ip', ['addr', 'add', `${serverIp}/30`, 'dev', outer]);
    run('ip', ['link', 'set', outer, 'up']);
    inNs('ip', ['addr', 'add', `${schoolIp}/30`, 'dev', inner]);
    inNs('ip', ['link', 'set', inner, 'up']);
    inNs('ip', ['link', 'set', 'lo', 'up']);
  } catch (err) {
    remove();
    throw new Error(`could not build the school network (needs root, ip and a kernel with network namespaces): ${String(err)}`, { cause: err });
  }

  const chromiumPath = path.join(dir, 'chromium-in-school');
  writeFileSync(chromiumPath, `#!/bin/sh\nexec ip netns exec ${ns} ${chromium} "$@"\n`);
  chmodSync(chromiumPath, 0o755);

  return {
    ns,
    serverIp,
    schoolIp,
    chromiumPath,
    setFirewall(rules) {
      // In the machine's namespace, on the packets coming out of the school: dropped on the
      // way, as a firewall between the school and the server drops them (the school's own
      // sockets see nothing, as with a real firewall).
      const lines: string[] = [];
      if (rules.udp) lines.push('meta l4proto udp drop');
      if (rules.tcpPorts?.length) lines.push(`tcp dport { ${rules.tcpPorts.join(', ')} } drop`);
      const loss = rules.lossPercent ? `numgen random mod 100 < ${rules.lossPercent} drop` : null;
      const chain = (name: string, hook: string, match: string, body: string[]) =>
        `  chain ${name} {\n    type filter hook ${hook} priority -5; policy accept;\n${body.map((l) => `    ${match} ${l}`).join('\n')}\n  }`;
      try {
        run('nft', ['delete', 'table', 'inet', table]);
      } catch {
        // no rules yet
      }
      const chains = [
        chain('from_school', 'input', `iifname "${outer}"`, [...lines, ...(loss ? [loss] : [])]),
        ...(loss ? [chain('to_school', 'output', `oifname "${outer}"`, [loss])] : []),
      ];
      if (lines.length || loss) run('nft', ['-f', '-'], `table inet ${table} {\n${chains.join('\n')}\n}\n`);
    },
    capRate(kbitPerS) {
      for (const [where, dev] of [
        [inNs, inner],
        [(cmd: string, args: string[]) => run(cmd, args), outer],
      ] as const) {
        try {
          where('tc', ['qdisc', 'del', 'dev', dev, 'root']);
        } catch {
          // no cap yet
        }
        if (kbitPerS !== null) where('tc', ['qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${kbitPerS}kbit`, 'burst', '16kbit', 'latency', '200ms']);
      }
    },
    close: remove,
  };
}
