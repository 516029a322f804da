// The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with: each router exports
// the description of its routes (RouteDoc), and this module turns them into /openapi.json. /docs serves Swagger
// UI from the swagger-ui-dist package (no CDN), pointed at that document.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path, parameters in braces: `/v1/records/{cid}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Needs `Authorization: Bearer <access token>`. */
  auth: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A multipart/form-data body: these fields, then a binary part named `file`. */
  multipart?: z.ZodObject;
  /** What a success answers with when it is not JSON. */
  produces?: 'text/event-stream' | 'application/octet-stream' | 'text/plain' | 'text/html';
  /**
   * Operator routes: an operator session's token or an operator API key (X-Operator-Key), never an account's
   * token; `session`: an operator session's token only.
   */
  operator?: boolean | 'session';
  /** Status → description. Error statuses answer with the Error schema. */
  responses: Record<number, string>;
}

const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('stable machine-readable code, e.g. ACCESS_DENIED'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    return {
      name,
      in: where,
      required: where === 'path' || !fieldSchema.safeParse(undefined).success,
      schema: jsonSchema(fieldSchema),
    };
  });
}

function operation(route: RouteDoc) {
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(route.responses)) {
    const code = Number(status);
    if (code >= 400)
      responses[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    else if (code === 204) responses[status] = { description };
    else if (route.produces) responses[status] = { description, content: { [route.produces]: {} } };
    else responses[status] = { description, content: { 'application/json': {} } };
  }
  const body = route.body
    ? { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } }
    : route.multipart
      ? {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                ...jsonSchema(route.multipart),
                properties: {
                  ...(jsonSchema(route.multipart).properties as object),
                  file: {
                    type: 'string',
                    contentMediaType: 'application/octet-stream',
                    description: 'the ciphertext, sent last',
                  },
                },
              },
            },
          },
        }
      : undefined;
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/(^|[/_-])(\w)/g, (_, __, c: string) => c.toUpperCase())}`,
    ...(route.auth
      ? {
          security:
            route.operator === 'session'
              ? [{ operatorBearer: [] }]
              : route.operator
                ? [{ operatorBearer: [] }, { operatorKey: [] }]
                : [{ bearer: [] }],
        }
      : {}),
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/** The OpenAPI document of `routes`. */
export function openApiDocument(routes: RouteDoc[], info: { version: string; chainId: number }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MediCrypt relayer',
      version: info.version,
      description:
        'Consent and encrypted medical records on Ethereum without gas for patients. Actions are EIP-712 intents ' +
        `sent to /v1/intents; this relayer serves chain ${info.chainId}. Errors are { error: { code, message } }.`,
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        operatorBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'an operator session (POST /v1/operator/auth/login); account tokens are refused',
        },
        operatorKey: { type: 'apiKey', in: 'header', name: 'X-Operator-Key' },
      },
      schemas: { Error: jsonSchema(errorSchema) },
    },
    paths,
  };
}

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const swaggerAssets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};
const docsPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>MediCrypt relayer API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs-init.js"></script>
</body></html>`;
const docsInit = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true });";

/** /openapi.json and the /docs page. */
export function openApiRouter(document: () => unknown) {
  const router = new Hono();
  let cached: unknown;
  router.get('/openapi.json', (context) => {
    cached ??= document();
    return context.json(cached);
  });
  router.get('/docs', (context) => context.html(docsPage));
  router.get('/docs/docs-init.js', (context) =>
    context.body(docsInit, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  router.get('/docs/:asset', async (context) => {
    const asset = context.req.param('asset');
    const type = swaggerAssets[asset];
    if (!type) return context.json({ error: { code: 'NOT_FOUND', message: `no asset ${asset}` } }, 404);
    return context.body(await readFile(join(swaggerUiDir, asset)), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=3600',
    });
  });
  return router;
}
