// The one place errors become HTTP answers: `{ error: { code, message } }` with the error's status.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { RelayerError } from '../errors.ts';

export function errorResponse(context: Context, error: RelayerError) {
  if (error.retryAfterSeconds !== undefined) context.header('retry-after', String(error.retryAfterSeconds));
  return context.json(error.toJSON(), error.status as ContentfulStatusCode);
}

export function handleError(logger: Logger) {
  return (error: Error, context: Context) => {
    if (error instanceof RelayerError) return errorResponse(context, error);
    const status = (error as { status?: number }).status;
    if (status === 413)
      return errorResponse(
        context,
        new RelayerError('PAYLOAD_TOO_LARGE', 413, 'the request body is too large'),
      );
    logger.error({ err: error, requestId: context.get('requestId') }, 'unhandled error');
    return errorResponse(
      context,
      new RelayerError('INTERNAL', 500, 'internal error; the request id is in the logs'),
    );
  };
}
