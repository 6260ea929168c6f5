import type { Request, Response } from 'express';
import { refuseUndecodableUrl } from './refuse-undecodable-url';

function call(originalUrl: string): { status?: number; body?: { message: string }; passed: boolean } {
  const seen: { status?: number; body?: { message: string }; passed: boolean } = { passed: false };
  const response = {
    status(code: number) {
      seen.status = code;
      return this;
    },
    json(body: { message: string }) {
      seen.body = body;
      return this;
    },
  } as unknown as Response;
  refuseUndecodableUrl({ originalUrl } as Request, response, () => (seen.passed = true));
  return seen;
}

describe('refuseUndecodableUrl', () => {
  it.each([
    ['/api/v1/decisions/%00/history', 'request URL holds a NUL character'],
    ['/api/v1/decisions/a%00b/history', 'request URL holds a NUL character'],
    ['/api/v1/tasks?workflow=x%00', 'request URL holds a NUL character'],
    ['/api/v1/decisions/%ED%A0%80/history', 'request URL is not valid percent-encoded UTF-8'],
    ['/api/v1/decisions/%C0%80/history', 'request URL is not valid percent-encoded UTF-8'],
    ['/api/v1/decisions/%F0%9F%98/history', 'request URL is not valid percent-encoded UTF-8'],
  ])('answers 400 before any guard for %s', (url, message) => {
    const seen = call(url);
    expect(seen).toMatchObject({ status: 400, passed: false, body: { message } });
  });

  it.each(['/api/v1/decisions/contract-8841/history', '/api/v1/tasks?workflow=contract-review', '/%F0%9F%98%80'])(
    'lets %s through',
    (url) => {
      expect(call(url)).toEqual({ passed: true });
    },
  );
});
