import { Controller, Get, INestApplication, Logger, Post, SetMetadata, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PlatformConfigModule } from '@countersign/platform';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { DEVELOPMENT_HS256_SECRET } from '../core/auth-settings';
import type { Principal } from '../core/principal';
import { mintDevelopmentToken } from '../core/token-minter';
import { Public, Roles } from './auth-metadata';
import { AuthEnvironment } from './auth-environment';
import { AuthModule, type AuthModuleOptions } from './auth.module';
import { CurrentPrincipal } from './current-principal.decorator';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';

const SECRET = 'secret-for-the-guard-tests-0123456789';

class TestEnvironment extends AuthEnvironment {
  override PORT = 1;
}

@Controller()
class PolicyController {
  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Roles('admin')
  @Post('policies')
  changePolicy(@CurrentPrincipal() principal: Principal) {
    return { changedBy: principal.subject };
  }

  @Roles('lead')
  @Get('escalations')
  escalations() {
    return [];
  }

  @Public()
  @Get('public-but-asks-who')
  confused(@CurrentPrincipal() principal: Principal) {
    return principal;
  }
}

// Stands for libs/platform's HealthController, which cannot import @Public() (auth depends on platform).
@Controller('platform-health')
@SetMetadata('countersign:public-route', true)
class PlatformHealthController {
  @Get()
  check() {
    return { status: 'up' };
  }
}

@Controller('guarded')
@UseGuards(JwtAuthGuard, RolesGuard)
@Roles('reviewer')
class OptInController {
  @Get()
  get() {
    return { ok: true };
  }
}

async function start(variables: Record<string, string>, options?: AuthModuleOptions) {
  const moduleRef = await Test.createTestingModule({
    imports: [PlatformConfigModule.forValues(TestEnvironment, variables), AuthModule.forRootAsync(options)],
    controllers: [PolicyController, PlatformHealthController, OptInController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

function client(app: INestApplication) {
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  return async (method: string, path: string, authorization?: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: authorization ? { authorization } : {},
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };
}

const bearer = async (roles: Principal['roles'], secret = SECRET) =>
  `Bearer ${await mintDevelopmentToken({ sub: `${roles[0] ?? 'nobody'}-1`, roles, workflows: ['contract-review'] }, secret)}`;

describe('JwtAuthGuard and RolesGuard on every route (AuthModule.forRootAsync())', () => {
  let app: INestApplication;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    app = await start({ AUTH_HS256_SECRET: SECRET });
    call = client(app);
  });
  afterAll(() => app.close());

  it('lets anyone reach @Public() routes and routes marked public by metadata key', async () => {
    expect(await call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call('GET', '/platform-health')).toMatchObject({ status: 200, body: { status: 'up' } });
  });

  it('answers 401 with a Bearer challenge when no token is sent', async () => {
    const response = await call('GET', '/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="countersign"');
    expect(response.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Authorization header with a Bearer token is required',
      reason: 'missing',
    });
    expect((await call('GET', '/me', 'Basic dXNlcjpwYXNz')).body).toMatchObject({ reason: 'missing' });
  });

  it.each([
    ['forged', () => bearer(['admin'], DEVELOPMENT_HS256_SECRET), 'bad_signature'],
    [
      'expired',
      async () =>
        `Bearer ${await mintDevelopmentToken({ sub: 'r', ttlSeconds: 60 }, SECRET, { now: new Date(Date.now() - 3_600_000) })}`,
      'expired',
    ],
    [
      'unsigned',
      async () =>
        `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({ sub: 'x', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 60 }),
        ).toString('base64url')}.`,
      'unsigned',
    ],
    ['garbage', async () => 'Bearer not-a-token', 'malformed'],
  ])('answers 401 invalid_token to a %s token, never 500', async (_case, authorization, reason) => {
    const response = await call('POST', '/policies', await authorization());
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', reason });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="countersign", error="invalid_token"/);
  });

  it('answers 401 to a token for another audience', async () => {
    const token = await mintDevelopmentToken({ sub: 'r', roles: ['admin'] }, SECRET, { audience: 'other-api' });
    expect((await call('GET', '/me', `Bearer ${token}`)).body).toMatchObject({ reason: 'wrong_audience' });
  });

  it('hands the handler the principal of a valid token', async () => {
    expect(await call('GET', '/me', await bearer(['reviewer']))).toEqual({
      status: 200,
      headers: expect.anything(),
      body: { subject: 'reviewer-1', roles: ['reviewer'], groups: [], workflows: ['contract-review'] },
    });
  });

  it('answers 403 with the roles required and held when a non-admin changes a policy', async () => {
    for (const roles of [['reviewer'], ['lead'], []] as Principal['roles'][]) {
      const response = await call('POST', '/policies', await bearer(roles));
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="countersign", error="insufficient_scope"');
      expect(response.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: `this action requires role admin; ${roles[0] ?? 'nobody'}-1 has ${roles.length ? `role ${roles[0]}` : 'no role'}`,
        reason: 'insufficient_role',
      });
    }
  });

  it('lets an admin change a policy, and lets higher roles through lower requirements', async () => {
    expect(await call('POST', '/policies', await bearer(['admin']))).toMatchObject({
      status: 201,
      body: { changedBy: 'admin-1' },
    });
    expect((await call('GET', '/escalations', await bearer(['admin']))).status).toBe(200);
    expect((await call('GET', '/escalations', await bearer(['lead']))).status).toBe(200);
    expect((await call('GET', '/escalations', await bearer(['reviewer']))).status).toBe(403);
  });

  it('refuses with 401, not 500, when a @Public() handler asks for the principal', async () => {
    expect(await call('GET', '/public-but-asks-who', await bearer(['admin']))).toMatchObject({
      status: 401,
      body: { reason: 'missing' },
    });
  });

  it('leaves Kafka handlers alone (they are not HTTP)', async () => {
    const guard = app.get(JwtAuthGuard);
    const rpc = { getType: () => 'rpc' } as never;
    await expect(guard.canActivate(rpc)).resolves.toBe(true);
    expect(app.get(RolesGuard).canActivate(rpc)).toBe(true);
  });
});

describe('AuthModule.forRootAsync({ guardEveryRoute: false })', () => {
  let app: INestApplication;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    app = await start({ AUTH_HS256_SECRET: SECRET }, { guardEveryRoute: false });
    call = client(app);
  });
  afterAll(() => app.close());

  it('protects only controllers that opt in with @UseGuards', async () => {
    expect((await call('GET', '/guarded')).status).toBe(401);
    expect((await call('GET', '/guarded', await bearer([]))).status).toBe(403);
    expect((await call('GET', '/guarded', await bearer(['reviewer']))).status).toBe(200);
    expect((await call('GET', '/escalations')).status).toBe(200);
  });
});

describe('AuthModule start-up', () => {
  afterEach(() => jest.restoreAllMocks());

  it('warns when the public development secret is in use, and not otherwise', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const withDefault = await start({ COUNTERSIGN_DEVELOPMENT: 'true' });
    const messages = () => warn.mock.calls.map(([line]) => JSON.stringify(line));
    expect(messages().some((line) => line.includes('AUTH_HS256_SECRET is not set'))).toBe(true);
    // The development secret is accepted (tokens from `npm run token` with no configuration work).
    const token = await mintDevelopmentToken({ sub: 'dev' }, DEVELOPMENT_HS256_SECRET);
    expect((await client(withDefault)('GET', '/me', `Bearer ${token}`)).status).toBe(200);
    await withDefault.close();

    warn.mockClear();
    const withSecret = await start({ AUTH_HS256_SECRET: SECRET });
    expect(messages().some((line) => line.includes('AUTH_HS256_SECRET'))).toBe(false);
    await withSecret.close();
  });

  it('refuses to start with a short secret', async () => {
    await expect(start({ AUTH_HS256_SECRET: 'too-short' })).rejects.toThrow(/at least 32 characters \(got 9\)/);
  });

  it('answers 503, not 500, when the OIDC provider cannot be reached', async () => {
    const app = await start({ AUTH_MODE: 'oidc', AUTH_ISSUER: 'http://127.0.0.1:9/realms/none' });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    const rs256Looking = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.${token.split('.')[1]}.c2ln`;
    const response = await client(app)('GET', '/me', `Bearer ${rs256Looking}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.body).toMatchObject({ statusCode: 503, reason: 'identity_provider_unavailable' });
    await app.close();
  });
});
