// A request body size limit that leaves @hono/node-server's fast body path alone. Hono's bodyLimit reads
// `c.req.raw.body` first, which makes node-server build a web Request and a ReadableStream over the socket for
// every request; a body with a Content-Length is judged by that header alone (Node's parser never delivers more
// bytes than it declares), and only a chunked body goes through Hono's bodyLimit, which counts what arrives.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RelayerError } from '../errors.ts';

export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new RelayerError('PAYLOAD_TOO_LARGE', 413, `the body exceeds ${maxBytes} bytes`);
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (context, next) => {
    const declared = context.req.header('content-length');
    if (declared !== undefined && context.req.header('transfer-encoding') === undefined) {
      if (Number(declared) > maxBytes) tooLarge();
      return next();
    }
    return counted(context, next);
  };
}
