import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run-command';

/** The newest PostgreSQL server binaries installed the Debian way (/usr/lib/postgresql/<major>/bin). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  if (majors.length === 0) throw new Error(`no PostgreSQL server binaries under ${root} (initdb, pg_ctl)`);
  return join(root, majors.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/**
 * The drill's own PostgreSQL cluster (initdb + pg_ctl into its own directory, its own port, trust auth), so the drill
 * can crash and restart it without touching the machine's shared server. Postgres refuses to run as root: when we
 * are root it runs as the `postgres` OS user through runuser.
 */
export class DrillPostgres {
  private readonly bin = postgresBin();
  private readonly asRoot = process.getuid?.() === 0;

  /** `host`: where the services reach it (the drill network's address when partitions are drilled). */
  constructor(
    readonly directory: string,
    readonly port: number,
    readonly host = '127.0.0.1',
  ) {}

  get url(): string {
    return `postgres://postgres@${this.host}:${this.port}/countersign`;
  }

  /** The postmaster's pid, while it runs. */
  get pidFile(): string {
    return join(this.dataDir, 'postmaster.pid');
  }

  private get dataDir(): string {
    return join(this.directory, 'data');
  }

  private run(tool: string, args: string[]): Promise<string> {
    const binary = join(this.bin, tool);
    return this.asRoot ? runCommand('runuser', ['-u', 'postgres', '--', binary, ...args]) : runCommand(binary, args);
  }

  /** A fresh cluster: whatever an earlier drill left is deleted first. */
  async create(): Promise<void> {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) await this.stop('immediate').catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    if (this.asRoot) {
      const { uid, gid } = await this.postgresUser();
      chownSync(this.directory, uid, gid);
      chownSync(this.dataDir, uid, gid);
    }
    await this.run('initdb', ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    if (this.host !== '127.0.0.1') {
      // The services' namespaces reach it from the drill network's /24 (trust, like initdb's loopback lines).
      const network = `${this.host.split('.').slice(0, 3).join('.')}.0/24`;
      appendFileSync(join(this.dataDir, 'pg_hba.conf'), `host all all ${network} trust\n`);
    }
  }

  private async postgresUser(): Promise<{ uid: number; gid: number }> {
    const uid = Number((await runCommand('id', ['-u', 'postgres'])).trim());
    const gid = Number((await runCommand('id', ['-g', 'postgres'])).trim());
    return { uid, gid };
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.directory} -c listen_addresses=${[...new Set(['127.0.0.1', this.host])].join(',')} -c max_connections=200`;
    await this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      join(this.directory, 'postgres.log'),
      '-w',
      'start',
    ]);
  }

  /** fast: a clean shutdown; immediate: like a crash (recovery from the WAL on the next start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
  }

  async restart(): Promise<void> {
    await this.stop('immediate');
    await this.start();
  }
}
