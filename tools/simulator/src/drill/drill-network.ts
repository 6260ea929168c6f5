import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './run-command';

/**
 * The drill's own network, for partitions: each service runs in a network namespace of its own, joined to the host by
 * a veth pair, and the broker and Postgres listen on an address the drill adds to the host's loopback
 * (10.77.<offset>.1; a dummy interface would do, but containers often lack its kernel module).
 * A partition is an nftables table *inside* the service's namespace that drops its packets to and from one port of
 * that address: the service sees a silent network (no resets), as behind a failed switch, while the drill can still
 * reach it. Nothing outside loopback and the drill's own interfaces and namespaces is touched; `destroy` removes them
 * all (and `create` first removes what a killed drill left).
 */
export class DrillNetwork {
  private readonly prefix: string;

  constructor(
    private readonly offset: number,
    private readonly services: readonly string[],
  ) {
    if (offset < 0 || offset > 250) throw new Error(`COUNTERSIGN_TEST_PORT_OFFSET ${offset} is outside 0-250`);
    this.prefix = `10.77.${offset}`;
  }

  /** Where the broker and Postgres listen, reachable from the host and every service namespace. */
  get hostAddress(): string {
    return `${this.prefix}.1`;
  }

  namespace(service: string): string {
    return `csdrill${this.offset}-${service}`;
  }

  /** The service's address in its namespace (a /30 per service: host side .4i+5, service side .4i+6). */
  address(service: string): string {
    return `${this.prefix}.${4 * this.index(service) + 6}`;
  }

  private gateway(service: string): string {
    return `${this.prefix}.${4 * this.index(service) + 5}`;
  }

  private index(service: string): number {
    const index = this.services.indexOf(service);
    if (index < 0) throw new Error(`no namespace for ${service}`);
    return index;
  }

  private veth(service: string): string {
    return `csd${this.offset}h${this.index(service)}`;
  }

  /** The command prefix that runs a program inside the service's namespace. */
  launcher(service: string): string[] {
    return ['ip', 'netns', 'exec', this.namespace(service)];
  }

  async create(): Promise<void> {
    if (process.getuid?.() !== 0) {
      throw new Error(
        'network partitions need root (network namespaces, veth pairs, nftables): run the drill as root, or choose ' +
          'a fault set without partitions (--faults short)',
      );
    }
    await this.destroy();
    await ip('addr', 'add', `${this.hostAddress}/32`, 'dev', 'lo');
    for (const service of this.services) {
      const ns = this.namespace(service);
      await ip('netns', 'add', ns);
      await ip('link', 'add', this.veth(service), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      await ip('addr', 'add', `${this.gateway(service)}/30`, 'dev', this.veth(service));
      await ip('link', 'set', this.veth(service), 'up');
      // Only on the drill's own veth: a service's call to another service (feedback → router) crosses the host.
      writeFileSync(`/proc/sys/net/ipv4/conf/${this.veth(service)}/forwarding`, '1');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      await ip('-n', ns, 'addr', 'add', `${this.address(service)}/30`, 'dev', 'eth0');
      await ip('-n', ns, 'link', 'set', 'eth0', 'up');
      await ip('-n', ns, 'route', 'add', 'default', 'via', this.gateway(service));
    }
  }

  /** Drops every packet between the service and `port` on the host address, both ways, until `heal`. */
  async partition(service: string, port: number): Promise<void> {
    const rules = [
      'table inet countersign_partition {',
      `  chain out { type filter hook output priority 0; ip daddr ${this.hostAddress} tcp dport ${port} drop; }`,
      `  chain in { type filter hook input priority 0; ip saddr ${this.hostAddress} tcp sport ${port} drop; }`,
      '}',
    ].join('\n');
    const file = join(tmpdir(), `${this.namespace(service)}.nft`);
    writeFileSync(file, `${rules}\n`);
    await runCommand('ip', ['netns', 'exec', this.namespace(service), 'nft', '-f', file]);
  }

  async heal(service: string): Promise<void> {
    await runCommand('ip', [
      'netns',
      'exec',
      this.namespace(service),
      'nft',
      'delete table inet countersign_partition',
    ]);
  }

  /** Removes the namespaces (their veth pairs and nftables tables go with them) and the loopback address. */
  async destroy(): Promise<void> {
    const existing = await runCommand('ip', ['netns', 'list']).catch(() => '');
    for (const service of this.services) {
      if (existing.split('\n').some((line) => line.split(' ')[0] === this.namespace(service))) {
        await ip('netns', 'del', this.namespace(service)).catch(() => undefined);
      }
      const links = await ip('link', 'show').catch(() => '');
      if (links.includes(`${this.veth(service)}@`)) await ip('link', 'del', this.veth(service));
    }
    const loopback = await ip('-4', 'addr', 'show', 'dev', 'lo').catch(() => '');
    if (loopback.includes(` ${this.hostAddress}/32`)) await ip('addr', 'del', `${this.hostAddress}/32`, 'dev', 'lo');
  }
}

function ip(...args: string[]): Promise<string> {
  return runCommand('ip', args);
}
