import type { NextFunction, Request, Response } from 'express';

/** The 400 answer's body for a URL that is not valid percent-encoded UTF-8 or holds a NUL; undefined when it is fine. */
export function undecodableUrlRefusal(url: string): object | undefined {
  let decoded: string | undefined;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    decoded = undefined;
  }
  if (decoded !== undefined && !decoded.includes('\u0000')) return undefined;
  return {
    statusCode: 400,
    error: 'Bad Request',
    message:
      decoded === undefined ? 'request URL is not valid percent-encoded UTF-8' : 'request URL holds a NUL character',
    fieldErrors: [
      {
        field: 'url',
        errors: [decoded === undefined ? 'percent-encoded bytes must be valid UTF-8' : 'NUL (%00) is not allowed'],
      },
    ],
  };
}

/**
 * Answers 400 to a URL whose percent-encoding is not UTF-8 (`%ED%A0%80`, a lone surrogate; `%C0%80`, an overlong NUL;
 * a cut-off sequence), or that decodes to a NUL. Express leaves undecodable query values as the literal text, so an id
 * would silently be looked up as a different string; and guards (workflow access looks a decision's workflow up in
 * Postgres) run before pipes, so a NUL must be refused here, before any of them (Postgres text cannot hold it).
 * Route parameters and query values that decode are checked again, field by field, by StorableTextPipe.
 */
export function refuseUndecodableUrl(request: Request, response: Response, next: NextFunction): void {
  const refusal = undecodableUrlRefusal(request.originalUrl);
  if (refusal) {
    response.status(400).json(refusal);
    return;
  }
  next();
}
