import { repoRoot, testPortOffset } from '@countersign/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface OidcTestProviderOptions {
  /** Port before COUNTERSIGN_TEST_PORT_OFFSET. */
  port: number;
  /** The reviewer web app's origin: its /auth/callback and / are the registered redirect URIs. */
  appOrigin: string;
  /** Access token lifetime in seconds: short, so a test sees renewals. */
  accessTokenTtlSeconds: number;
  /** Who may sign in, by login name: the roles and workflows their access tokens carry. */
  accounts: Record<string, { roles: string[]; workflows: string[] }>;
  clientId?: string;
  audience?: string;
}

/** oidc-provider (test/e2e/support/oidc-test-provider.mjs) as a child process, with its key rotation at hand. */
export class OidcTestProvider {
  readonly issuer: string;
  readonly clientId: string;
  private child?: ChildProcess;

  constructor(private readonly options: OidcTestProviderOptions) {
    this.issuer = `http://127.0.0.1:${options.port + testPortOffset}`;
    this.clientId = options.clientId ?? 'countersign-review';
  }

  async start(timeoutMs = 30_000): Promise<void> {
    const logs = join(repoRoot, 'artifacts', 'logs');
    mkdirSync(logs, { recursive: true });
    const log = createWriteStream(join(logs, 'oidc-test-provider.log'), { flags: 'a' });
    const child = spawn(process.execPath, [join(__dirname, 'oidc-test-provider.mjs')], {
      env: {
        ...process.env,
        OIDC_PORT: String(this.options.port + testPortOffset),
        OIDC_APP_ORIGIN: this.options.appOrigin,
        OIDC_CLIENT_ID: this.clientId,
        OIDC_AUDIENCE: this.options.audience ?? 'countersign',
        OIDC_ACCESS_TOKEN_TTL: String(this.options.accessTokenTtlSeconds),
        OIDC_ACCOUNTS: JSON.stringify(this.options.accounts),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr?.pipe(log);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`OIDC test provider not ready after ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.once('exit', (code) => reject(new Error(`OIDC test provider exited with ${code}; see ${logs}`)));
      child.stdout?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        if (chunk.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** Signs with a new key from now on and withdraws the old one from the JWKS; answers the new key's id. */
  async rotateKeys(): Promise<string> {
    const response = await fetch(`${this.issuer}/__test/rotate`, { method: 'POST' });
    if (!response.ok) throw new Error(`rotation failed: ${response.status}`);
    return ((await response.json()) as { kid: string }).kid;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
