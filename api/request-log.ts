import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ApiMetrics } from './metrics';

/** Logs every request once it is answered, and counts it by route pattern for the metrics. */
export function requestLog(logger: Logger, metrics: ApiMetrics): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    // The route as requested (a mounted router rewrites request.path), without its query.
    const path = request.originalUrl.split('?')[0];
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      logger.info({ method: request.method, path, status: response.statusCode, ms: seconds * 1000 }, 'request');
      // The matched route's pattern, so that label values stay few (a path would carry every show_key).
      const pattern = (request.route as { path?: string } | undefined)?.path;
      metrics.observe(
        pattern ? `${request.baseUrl}${pattern}` : 'unmatched',
        request.method,
        response.statusCode,
        seconds,
      );
    });
    next();
  };
}
