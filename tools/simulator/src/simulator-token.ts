import { authSettingsFromVariables, mintDevelopmentToken, Role } from '@countersign/auth/core';

/**
 * A development token for the simulator itself (all workflows), minted with the platform's HS256 secret. Undefined
 * outside AUTH_MODE=hs256: there tokens come from the identity provider, and the services will say 401.
 */
export async function simulatorToken(
  roles: Role[],
  env: NodeJS.ProcessEnv = process.env,
  sub = 'countersign-simulator',
): Promise<string | undefined> {
  const settings = authSettingsFromVariables(env);
  if (settings.mode !== 'hs256') return undefined;
  return mintDevelopmentToken({ sub, roles, workflows: ['*'] }, settings.secret, {
    issuer: settings.issuer,
    audience: settings.audience,
  });
}
