// /v1/studies: researchers publish protocols (then register them with a signed registerStudy intent), patients
// browse studies and their own consent (given with setStudyConsent intents) and send de-identified
// contributions; the study's researcher exports the consented dataset and reads aggregate insights.
import { Hono } from 'hono';
import { z } from 'zod';
import type { RouteDoc } from '../api/openapi.ts';
import { invalidRequest, parseBody, readJson } from '../api/validate.ts';
import type { AuthedEnv } from '../auth/require-session.ts';
import { RelayerError } from '../errors.ts';
import { identifiableReason } from './identifiable-check.ts';
import { studyProtocolSchema } from './study-protocol.ts';
import type { StudyService } from './study-service.ts';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address');
const studyParams = z.strictObject({
  studyId: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a 32-byte hex study id'),
});
const listQuery = z.strictObject({ researcher: address.optional() });
const MAX_RESOURCES = 5_000;
/** The smallest k the relayer releases with; a researcher may ask for more. */
export const MIN_K = 5;
const MAX_EPSILON = 10;
const datasetQuery = z.strictObject({
  format: z.enum(['csv', 'ndjson', 'json']).default('csv'),
  k: z.coerce.number().int().min(MIN_K).max(1_000).default(MIN_K),
});
const insightsQuery = z.strictObject({
  epsilon: z.coerce.number().positive().max(MAX_EPSILON).optional(),
});
export const contributionSchema = z.strictObject({
  subject: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'a study pseudonym'),
  quasi: z.strictObject({
    ageBand: z.string().regex(/^(\d{1,2}-\d{1,3}|90\+|unknown)$/, 'an age band such as 40-44 or 90+'),
    sex: z.enum(['male', 'female', 'other', 'unknown']),
    zip3: z.string().regex(/^(\d{3}|unknown)$/, 'three ZIP digits'),
  }),
  resources: z.array(z.looseObject({ resourceType: z.string().min(1) })).max(MAX_RESOURCES),
});

export const studyRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/studies',
    tag: 'research',
    auth: true,
    summary: 'Publish a study protocol (researchers); answers the study id and hash to register on chain',
    body: studyProtocolSchema,
    responses: {
      201: 'the study id, protocol hash and protocol',
      400: 'invalid protocol',
      403: 'not a researcher',
    },
  },
  {
    method: 'get',
    path: '/v1/studies',
    tag: 'research',
    auth: true,
    summary: 'Studies registered on chain, with their protocol and your consent',
    query: listQuery,
    responses: { 200: 'the studies', 400: 'invalid query' },
  },
  {
    method: 'get',
    path: '/v1/studies/{studyId}',
    tag: 'research',
    auth: true,
    summary: 'One study',
    params: studyParams,
    responses: { 200: 'the study', 404: 'not registered' },
  },
  {
    method: 'put',
    path: '/v1/studies/{studyId}/contribution',
    tag: 'research',
    auth: true,
    summary: 'Send your de-identified data to a study you consent to (made in your client)',
    params: studyParams,
    body: contributionSchema,
    responses: {
      204: 'stored',
      400: 'invalid or identifiable',
      403: 'no consent',
      404: 'unknown study',
      409: 'ended',
    },
  },
  {
    method: 'get',
    path: '/v1/studies/{studyId}/dataset',
    tag: 'research',
    auth: true,
    summary: "The study's consented, de-identified, k-anonymous dataset (its researcher only)",
    description:
      'Only patients whose consent holds on chain now. Headers x-k-anonymity-k, x-released and x-suppressed report ' +
      'the release; format json gives the k-anonymity report instead of the data.',
    params: studyParams,
    query: datasetQuery,
    responses: {
      200: 'CSV, FHIR NDJSON or the report',
      403: 'not the study’s researcher',
      404: 'unknown study',
    },
  },
  {
    method: 'get',
    path: '/v1/studies/{studyId}/insights',
    tag: 'research',
    auth: true,
    summary:
      'Aggregate statistics of the consented cohort, small cells suppressed, optional Laplace noise (epsilon)',
    params: studyParams,
    query: insightsQuery,
    responses: { 200: 'the insights', 403: 'not the study’s researcher', 404: 'unknown study' },
  },
  {
    method: 'delete',
    path: '/v1/studies/{studyId}/contribution',
    tag: 'research',
    auth: true,
    summary: 'Withdraw your contribution',
    params: studyParams,
    responses: { 204: 'withdrawn', 404: 'nothing to withdraw' },
  },
];

export function studiesRouter(options: { studies: StudyService }) {
  const { studies } = options;
  const router = new Hono<AuthedEnv>();
  const studyId = (value: string | undefined) => {
    const parsed = studyParams.safeParse({ studyId: value });
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    return parsed.data.studyId.toLowerCase();
  };

  router.post('/', async (context) => {
    const protocol = parseBody(studyProtocolSchema, await readJson(context.req.raw));
    return context.json(await studies.publishProtocol(context.get('session').account, protocol), 201);
  });
  router.get('/', async (context) => {
    const parsed = listQuery.safeParse(context.req.query());
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    return context.json({ studies: await studies.list(context.get('session').account, parsed.data) });
  });
  router.get('/:studyId', async (context) =>
    context.json(await studies.get(context.get('session').account, studyId(context.req.param('studyId')))),
  );
  router.put('/:studyId/contribution', async (context) => {
    const contribution = parseBody(contributionSchema, await readJson(context.req.raw));
    for (const [index, resource] of contribution.resources.entries()) {
      const reason = identifiableReason(resource);
      if (reason)
        throw new RelayerError(
          'IDENTIFIABLE_DATA',
          400,
          `resource ${index} is not de-identified (${reason}); de-identify it in the client first`,
        );
    }
    await studies.contribute(
      context.get('session').account,
      studyId(context.req.param('studyId')),
      contribution,
    );
    return context.body(null, 204);
  });
  router.delete('/:studyId/contribution', async (context) => {
    const withdrawn = await studies.withdrawContribution(
      context.get('session').account,
      studyId(context.req.param('studyId')),
    );
    if (!withdrawn)
      return context.json({ error: { code: 'NOT_FOUND', message: 'no contribution to withdraw' } }, 404);
    return context.body(null, 204);
  });
  router.get('/:studyId/dataset', async (context) => {
    const parsed = datasetQuery.safeParse(context.req.query());
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    const { format, k } = parsed.data;
    const release = await studies.dataset(
      context.get('session').account,
      studyId(context.req.param('studyId')),
      k,
    );
    const headers = {
      'x-k-anonymity-k': String(release.kAnonymity.k),
      'x-released': String(release.kAnonymity.released),
      'x-suppressed': String(release.kAnonymity.suppressed),
      'cache-control': 'private, no-store',
    };
    if (format === 'json') {
      const { classes: _classes, ...report } = release.kAnonymity;
      return context.json({ kAnonymity: report }, 200, headers);
    }
    return format === 'csv'
      ? context.body(release.csv, 200, { ...headers, 'content-type': 'text/csv; charset=utf-8' })
      : context.body(release.ndjson, 200, { ...headers, 'content-type': 'application/fhir+ndjson' });
  });
  router.get('/:studyId/insights', async (context) => {
    const parsed = insightsQuery.safeParse(context.req.query());
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    return context.json(
      await studies.insights(
        context.get('session').account,
        studyId(context.req.param('studyId')),
        parsed.data.epsilon,
      ),
    );
  });
  return router;
}
