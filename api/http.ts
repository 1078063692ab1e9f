import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { RegisteredShow } from '../domain/buzz-docs';
import { isBuzzError } from '../domain/errors';

/** An error the caller may see: a status and a short message, nothing internal. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A query parameter read by its parser; what the parser refuses is a 400 (its own words, or `message`). */
export function parameter<T>(parse: () => T, message?: string): T {
  try {
    return parse();
  } catch (error) {
    throw new HttpError(400, message ?? (error as Error).message);
  }
}

/** A registered show by show_key; 404 for another key. */
export function showIn(registry: RegisteredShow[], showKey: string): RegisteredShow {
  const show = registry.find((s) => s.show_key === showKey);
  if (!show) throw new HttpError(404, `no show ${showKey}`);
  return show;
}

export const notFound: RequestHandler = (_request, _response, next) => next(new HttpError(404, 'not found'));

/** No stack traces or internals to callers; the log has the details (without bodies or secrets). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const status =
      error instanceof HttpError ? error.status : ((error as { status?: number; type?: string }).status ?? 500);
    if (status >= 500 && !(error instanceof HttpError))
      logger.error(
        { path: request.originalUrl.split('?')[0], error: isBuzzError(error) ? error.message : String(error) },
        'request failed',
      );
    const message =
      error instanceof HttpError
        ? error.message
        : status === 413
          ? 'the body is too large'
          : status < 500
            ? 'bad request'
            : 'internal error';
    response.status(status).json({ error: message });
  };
}
