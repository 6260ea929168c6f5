import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken, Role } from '@countersign/auth';
import type { OpenApiContract } from './openapi-contract';

/** What a service answered: the status, the body parsed as JSON (the raw text when it is not JSON), the headers. */
export interface ApiReply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers of every shape, checked by expect
  body: any;
  headers: Headers;
}

export interface ApiRequestOptions {
  /** The whole Authorization header, for tests of malformed ones; otherwise use `token`. */
  authorization?: string;
  token?: string;
  body?: unknown;
  /** Sent as is, for tests of bodies that are not valid JSON. */
  rawBody?: string;
}

/** One request the way an API client sends it: JSON in, JSON out. */
export async function apiRequest(url: string, method: string, options: ApiRequestOptions = {}): Promise<ApiReply> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const authorization = options.authorization ?? (options.token ? `Bearer ${options.token}` : undefined);
  const response = await fetch(url, {
    method,
    headers: {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(authorization ? { authorization } : {}),
    },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}

/** A signed-in user of one service's /api/v1, with a development token for the claims given. */
export interface ApiCaller {
  sub: string;
  token: string;
  get(path: string): Promise<ApiReply>;
  post(path: string, body?: unknown): Promise<ApiReply>;
  put(path: string, body?: unknown): Promise<ApiReply>;
}

/**
 * `checkedBy`: every answer is checked against that service's OpenAPI document (docs/api), and a request whose answer
 * the document does not declare (status or body) fails the test with what differs.
 */
export async function apiCaller(
  baseUrl: string,
  sub: string,
  workflows: string[],
  roles: Role[] = ['reviewer'],
  checkedBy?: OpenApiContract,
): Promise<ApiCaller> {
  const token = await mintDevelopmentToken({ sub, roles, workflows }, DEVELOPMENT_HS256_SECRET);
  const call = async (method: string, path: string, body?: unknown) => {
    const reply = await apiRequest(`${baseUrl}/api/v1${path}`, method, { token, body });
    const errors =
      checkedBy?.responseErrors(
        method,
        `/api/v1${path}`,
        reply.status,
        reply.body,
        reply.headers.get('content-type'),
      ) ?? [];
    if (errors.length > 0) throw new Error(`answer not as documented:\n${errors.join('\n')}`);
    return reply;
  };
  return {
    sub,
    token,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
  };
}
