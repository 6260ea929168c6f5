// `npm run token -- --sub reviewer-1 [--roles reviewer,lead] [--workflows contract-review,lead-qualification]
//   [--groups team-a] [--ttl 8h]`: mints a development access token (header typ `at+jwt`, RFC 9068, as services
// require of every token) that services in AUTH_MODE=hs256 accept, signed with AUTH_HS256_SECRET and carrying AUTH_ISSUER / AUTH_AUDIENCE (the services' defaults when unset). Only the token
// goes to stdout, so `TOKEN=$(npm run -s token -- --sub reviewer-1)` works; everything else goes to stderr.
import {
  authSettingsFromVariables,
  type DevelopmentTokenClaims,
  isRole,
  mintDevelopmentToken,
  parseTtl,
  ROLES,
  type Role,
  usesDevelopmentSecret,
} from '@countersign/auth/core';
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run -s token -- --sub <reviewer-id> [--roles ${ROLES.join(',')}] [--workflows <id,id|*>]
                           [--groups <group,group>] [--ttl <3600|15m|8h|1d>]
  --sub        subject (reviewer id), required
  --roles      comma-separated, default reviewer (admin includes lead includes reviewer)
  --workflows  workflows the token grants, comma-separated; * for all (default none: authorised for nothing)
  --groups     comma-separated groups (default none)
  --ttl        lifetime: seconds or 90s, 15m, 8h, 1d (default 8h)
Reads AUTH_HS256_SECRET, AUTH_ISSUER and AUTH_AUDIENCE like the services do. Without AUTH_HS256_SECRET the token is
signed with the public development secret, which services accept only in development mode (COUNTERSIGN_DEVELOPMENT=true,
set by npm start and the tests). --workflows '*' grants every workflow, which chain-wide operations require.`;

class UsageError extends Error {}

function list(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

function claimsFrom(argv: string[]): DevelopmentTokenClaims | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        sub: { type: 'string' },
        roles: { type: 'string', multiple: true },
        workflows: { type: 'string', multiple: true },
        groups: { type: 'string', multiple: true },
        ttl: { type: 'string', default: '8h' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return undefined;
  const sub = values.sub?.trim();
  if (!sub) throw new UsageError('--sub is required (the reviewer id the token speaks for)');
  const roles = list(values.roles);
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new UsageError(`unknown role ${unknown.join(', ')}: use ${ROLES.join(', ')}`);
  let ttlSeconds: number;
  try {
    ttlSeconds = parseTtl(values.ttl);
  } catch (error) {
    throw new UsageError(`--${(error as Error).message}`);
  }
  return {
    sub,
    roles: roles.length > 0 ? (roles as Role[]) : ['reviewer'],
    workflows: list(values.workflows),
    groups: list(values.groups),
    ttlSeconds,
  };
}

async function main(): Promise<void> {
  const claims = claimsFrom(process.argv.slice(2));
  if (!claims) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const settings = authSettingsFromVariables(process.env);
  if (settings.mode !== 'hs256') {
    throw new Error(`AUTH_MODE=${settings.mode}: services accept only tokens from the identity provider, not these`);
  }
  const token = await mintDevelopmentToken(claims, settings.secret, {
    issuer: settings.issuer,
    audience: settings.audience,
  });
  process.stdout.write(`${token}\n`);
  const development = usesDevelopmentSecret(settings);
  const secret = development
    ? 'the public development secret: services accept it only with COUNTERSIGN_DEVELOPMENT=true, as npm start sets'
    : 'AUTH_HS256_SECRET';
  process.stderr.write(
    `minted a token for ${claims.sub} (roles ${claims.roles?.join(',')}; workflows ${claims.workflows?.join(',') || 'none'}; ` +
      `typ at+jwt; valid ${claims.ttlSeconds} s; iss ${settings.issuer}, aud ${settings.audience}, signed with ${secret})\n` +
      `use it as: curl -H "Authorization: Bearer $TOKEN" ...  (TOKEN=$(npm run -s token -- ...))\n`,
  );
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`mint-token: ${message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
