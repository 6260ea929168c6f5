import { Body, Controller, Get, INestApplication, Module, Param, Post } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createFastifyApplication } from './fastify-application';

@Controller('items')
class ItemsController {
  @Get(':id')
  one(@Param('id') id: string) {
    return { id };
  }

  @Post()
  add(@Body() body: unknown) {
    return { received: JSON.stringify(body).length };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

// What a caller of a service on Fastify meets where Express behaved otherwise by default: odd URLs are refused as
// refuseUndecodableUrl refuses them, long ids and trailing slashes reach the route, bodies stop at Express's 100 kB.
describe('createFastifyApplication', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await createFastifyApplication(ItemsModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  it.each([
    ['/items/%ED%A0%80', 'request URL is not valid percent-encoded UTF-8'],
    ['/items/%C0%80', 'request URL is not valid percent-encoded UTF-8'],
    ['/items/%F0%9F%98', 'request URL is not valid percent-encoded UTF-8'],
    ['/items/a%00b', 'request URL holds a NUL character'],
    ['/items/x?workflow=%00', 'request URL holds a NUL character'],
    ['/items/x?workflow=%ED%A0%80', 'request URL is not valid percent-encoded UTF-8'],
    ['/nowhere/%00', 'request URL holds a NUL character'],
  ])('answers %s with 400 and the url field error, as on Express', async (path, message) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message,
      fieldErrors: [{ field: 'url', errors: [expect.any(String)] }],
    });
  });

  it('hands a 2,000-character id and a path with a trailing slash to the route', async () => {
    const id = 'x'.repeat(2_000);
    expect(await (await fetch(`${base}/items/${id}`)).json()).toEqual({ id });
    expect(await (await fetch(`${base}/items/contract-8841/`)).json()).toEqual({ id: 'contract-8841' });
  });

  it('takes a JSON body up to 100 kB and refuses a larger one with 413', async () => {
    const post = (size: number) =>
      fetch(`${base}/items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'a'.repeat(size) }),
      });
    expect((await post(90 * 1024)).status).toBe(201);
    expect((await post(101 * 1024)).status).toBe(413);
  });

  it('refuses malformed JSON with 400 Bad Request, as Express does', async () => {
    const response = await fetch(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('reads an empty JSON body as {}, as Express does, instead of refusing it', async () => {
    const response = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ received: 2 });
  });
});
