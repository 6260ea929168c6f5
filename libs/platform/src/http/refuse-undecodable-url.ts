import type { NextFunction, Request, Response } from 'express';

/**
 * Answers 400 to a URL whose percent-encoding is not UTF-8 (`%ED%A0%80`, a lone surrogate; `%C0%80`, an overlong NUL;
 * a cut-off sequence). Express leaves such query values as the literal text, so an id would silently be looked up as
 * a different string; refusing says what is wrong instead. Route parameters and query values that decode are checked
 * by StorableTextPipe.
 */
export function refuseUndecodableUrl(request: Request, response: Response, next: NextFunction): void {
  try {
    decodeURIComponent(request.originalUrl);
  } catch {
    response.status(400).json({
      statusCode: 400,
      error: 'Bad Request',
      message: 'request URL is not valid percent-encoded UTF-8',
      fieldErrors: [{ field: 'url', errors: ['percent-encoded bytes must be valid UTF-8'] }],
    });
    return;
  }
  next();
}
