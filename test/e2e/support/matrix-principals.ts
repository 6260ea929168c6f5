import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken, type Role } from '@countersign/auth';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';

/** Who calls in the authorisation matrix: a role and workflows, or a token that must not authenticate at all. */
export interface MatrixPrincipal {
  name: string;
  /** Sent as `Authorization: Bearer <token>`; undefined sends no header. */
  token?: string;
  /** For principals whose token is valid: what it grants. */
  roles?: Role[];
  workflows?: string[];
  /** A token that must be refused with 401 whatever it claims. */
  invalid?: true;
  /** Not asserted yet, with the reason. */
  pending?: string;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The principals of issue #14's acceptance line, for workflows `a` and `b`. */
export async function matrixPrincipals(a: string, b: string): Promise<MatrixPrincipal[]> {
  const valid = async (name: string, roles: Role[], workflows: string[]): Promise<MatrixPrincipal> => ({
    name,
    roles,
    workflows,
    token: await mintDevelopmentToken({ sub: `mx-${name}`, roles, workflows }, DEVELOPMENT_HS256_SECRET),
  });
  const now = Math.floor(Date.now() / 1000);
  const adminClaims = {
    sub: 'mx-attacker',
    roles: ['admin'],
    workflows: ['*'],
    iss: 'countersign-dev',
    aud: 'countersign',
  };
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return [
    await valid('reviewer-of-a', ['reviewer'], [a]),
    await valid('reviewer-of-b', ['reviewer'], [b]),
    await valid('lead-of-a', ['lead'], [a]),
    await valid('admin-of-a', ['admin'], [a]),
    await valid('admin-of-all', ['admin'], ['*']),
    { name: 'no-token', invalid: true },
    {
      name: 'expired',
      invalid: true,
      token: await mintDevelopmentToken(
        { sub: 'mx-expired', roles: ['admin'], workflows: ['*'], ttlSeconds: 60 },
        DEVELOPMENT_HS256_SECRET,
        { now: new Date(Date.now() - 2 * 3600_000) },
      ),
    },
    {
      name: 'forged-signature',
      invalid: true,
      token: await mintDevelopmentToken(
        { sub: 'mx-forger', roles: ['admin'], workflows: ['*'] },
        'a-secret-the-services-have-never-seen-0123456789',
      ),
    },
    { name: 'alg-none', invalid: true, token: `${b64({ alg: 'none' })}.${b64({ ...adminClaims, exp: now + 600 })}.` },
    {
      // The classic confusion: HS256 "signed" with the RSA public key a service might verify RS256 tokens with.
      name: 'hs-rs-confusion',
      invalid: true,
      token: await new SignJWT({ roles: ['admin'], workflows: ['*'] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('mx-confused')
        .setIssuer('countersign-dev')
        .setAudience('countersign')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(publicPem)),
    },
    {
      // Shaped like an OIDC ID token (typ JWT, nonce, at_hash, azp), validly signed: only the services' `typ` check
      // (access tokens are `at+jwt`, RFC 9068) refuses it.
      name: 'id-token',
      invalid: true,
      token: await new SignJWT({ roles: ['admin'], workflows: ['*'], nonce: 'n-0S6_WzA2Mj', at_hash: 'x', azp: 'web' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('mx-id-token')
        .setIssuer('countersign-dev')
        .setAudience('countersign')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(DEVELOPMENT_HS256_SECRET)),
    },
  ];
}
