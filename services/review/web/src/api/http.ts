import { liveToken } from '../session';

/** Dispatched on window when an API refuses the token (expired, revoked) and renewing did not help: the app signs out. */
export const UNAUTHORIZED_EVENT = 'countersign:unauthorized';

let renewToken: (() => Promise<string | undefined>) | undefined;

/**
 * Signed in at a provider: a refused token is renewed once and the request sent again (a 401 means the service did
 * nothing with it). This is how a session survives the provider withdrawing the key that signed its access token.
 */
export function renewTokensWith(renew: (() => Promise<string | undefined>) | undefined): void {
  renewToken = renew;
}

/** A field's problems as the services report them in a 400. */
export interface FieldError {
  field: string;
  errors: string[];
}

/** A refused call: the status and, for 400s, the errors of each field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** Calls a Countersign API with the bearer token; JSON in and out, 204 as undefined, any other failure as ApiError. */
export async function callApi<T>(
  url: string,
  token: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const send = (bearer: string) =>
    fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  let response = await send(liveToken(token));
  if (response.status === 401 && renewToken) {
    const renewed = await renewToken();
    if (renewed) response = await send(renewed);
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as { message?: unknown; fieldErrors?: FieldError[] };
  if (response.status === 401 && typeof window !== 'undefined') window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  if (!response.ok) {
    const message = typeof body.message === 'string' ? body.message : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message, body.fieldErrors ?? []);
  }
  return body as T;
}
