// A school's network, built for one test: a network namespace for the school, joined to this
// machine through a second one that stands for the school's line (veth pairs, the line
// forwarding between them), with a Chromium that runs inside the school. The test's server
// listens on the machine's end; nftables rules on the line drop what a strict school firewall
// drops, and its random loss; `tc tbf` on the line caps it. The line is a namespace of its own
// so that its queue and its losses are not in the server's sockets: a cap on the machine's own
// interface holds the server's packets in its send buffer, and a full buffer delays everyone's
// media (one socket serves every call), which a school's line far away never does. Nothing
// leaves the pairs: no namespace has a default route, and everything is removed by close().
// Needs root, ip, nft and tc.
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
  /** The school's namespace's name (`ip netns exec <ns> …`). */
  ns: string;
  /** The machine's end of the line: the server listens here. */
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
  const lineNs = `lr-line-${tag}`;
  // machine [outer] ⇄ [lineUp] line [lineDown] ⇄ [inner] school
  const [outer, lineUp, lineDown, inner] = [`lrh${tag}`, `lrlu${tag}`, `lrld${tag}`, `lrs${tag}`];
  const table = `linkroom_school_${tag}`;
  // 10.231.x.0/29: two small private subnets of the test's own, different for each test process.
  const subnet = `10.231.${process.pid % 250}`;
  const [serverIp, lineUpIp, lineDownIp, schoolIp] = [`${subnet}.1`, `${subnet}.2`, `${subnet}.5`, `${subnet}.6`];
  const inNs = (cmd: string, args: string[], input?: string) => run('ip', ['netns', 'exec', ns, cmd, ...args], input);
  const onLine = (cmd: string, args: string[], input?: string) => run('ip', ['netns', 'exec', lineNs, cmd, ...args], input);
  const dir = mkdtempSync(path.join(tmpdir(), 'linkroom-school-'));

  const removeLinks = () => {
    for (const [cmd, ...args] of [
      ['ip', 'link', 'del', outer],
      ['ip', 'netns', 'del', ns],
      ['ip', 'netns', 'del', lineNs],
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
    run('ip', ['netns', 'add', lineNs]);
    run('ip', ['link', 'add', outer, 'type', 'veth', 'peer', 'name', lineUp]);
    run('ip', ['link', 'add', lineDown, 'type', 'veth', 'peer', 'name', inner]);
    // No IPv6 link-local addresses: one appearing a second later makes Chromium drop its
    // requests in flight (ERR_NETWORK_CHANGED), as a laptop changing networks would.
    for (const dev of [outer, lineUp, lineDown, inner]) run('ip', ['link', 'set', dev, 'addrgenmode', 'none']);
    run('ip', ['link', 'set', lineUp, 'netns', lineNs]);
    run('ip', ['link', 'set', lineDown, 'netns', lineNs]);
    run('ip', ['link', 'set', inner, 'netns', ns]);
    run('ip', ['addr', 'add', `${serverIp}/30`, 'dev', outer]);
    run('ip', ['link', 'set', outer, 'up']);
    run('ip', ['route', 'add', `${schoolIp}/32`, 'via', lineUpIp]);
    onLine('ip', ['addr', 'add', `${lineUpIp}/30`, 'dev', lineUp]);
    onLine('ip', ['addr', 'add', `${lineDownIp}/30`, 'dev', lineDown]);
    for (const dev of [lineUp, lineDown, 'lo']) onLine('ip', ['link', 'set', dev, 'up']);
    onLine('sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1']);
    inNs('ip', ['addr', 'add', `${schoolIp}/30`, 'dev', inner]);
    inNs('ip', ['link', 'set', inner, 'up']);
    inNs('ip', ['link', 'set', 'lo', 'up']);
    inNs('ip', ['route', 'add', `${serverIp}/32`, 'via', lineDownIp]);
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
      // On the line, as a firewall between the school and the server drops them: neither
      // the school's sockets nor the server's see anything.
      const outbound: string[] = [];
      if (rules.udp) outbound.push('meta l4proto udp drop');
      if (rules.tcpPorts?.length) outbound.push(`tcp dport { ${rules.tcpPorts.join(', ')} } drop`);
      const loss = rules.lossPercent ? `numgen random mod 100 < ${rules.lossPercent} drop` : null;
      const body = [
        ...[...outbound, ...(loss ? [loss] : [])].map((rule) => `iifname "${lineDown}" ${rule}`),
        ...(loss ? [`oifname "${lineDown}" ${loss}`] : []),
      ];
      try {
        onLine('nft', ['delete', 'table', 'inet', table]);
      } catch {
        // no rules yet
      }
      if (body.length) {
        const chain = `  chain line {\n    type filter hook forward priority -5; policy accept;\n${body.map((l) => `    ${l}`).join('\n')}\n  }`;
        onLine('nft', ['-f', '-'], `table inet ${table} {\n${chain}\n}\n`);
      }
    },
    capRate(kbitPerS) {
      // Both ways, on the line's way out: towards the school and towards the machine.
      for (const dev of [lineDown, lineUp]) {
        try {
          onLine('tc', ['qdisc', 'del', 'dev', dev, 'root']);
        } catch {
          // no cap yet
        }
        if (kbitPerS !== null) onLine('tc', ['qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${kbitPerS}kbit`, 'burst', '16kbit', 'latency', '200ms']);
      }
    },
    close: remove,
  };
}
