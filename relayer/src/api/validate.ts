// Request validation shared by every router: zod issues become one 400 INVALID_REQUEST naming each field.
import type { z } from 'zod';
import { RelayerError } from '../errors.ts';

export function invalidRequest(issues: z.core.$ZodIssue[]): RelayerError {
  const message = issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return new RelayerError('INVALID_REQUEST', 400, message);
}

/** `value` parsed by `schema`, or a 400 naming what is wrong. */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  return parsed.data;
}

/** The request's JSON body, or a 400 when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new RelayerError('INVALID_REQUEST', 400, 'the body is not JSON');
  }
}
