// /v1/access: requests (pending and decided), grants in force, and the patient's access log, all read from the
// indexed events and the download log. Decisions themselves are signed intents sent to /v1/intents.
import { Hono } from 'hono';
import { z } from 'zod';
import type { RouteDoc } from '../api/openapi.ts';
import { invalidRequest } from '../api/validate.ts';
import type { AuthedEnv } from '../auth/require-session.ts';
import { RelayerError } from '../errors.ts';
import type { AccountNotifications } from '../notifications/account-notifications.ts';
import type { RecordService } from '../records/record-service.ts';
import type { ConsentView } from './consent-view.ts';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address');
/** `patient`: act for a patient who appointed you their delegate (default: yourself). */
const patientParameter = { patient: address.optional() };
const requestsQuery = z.strictObject({
  ...patientParameter,
  as: z.enum(['patient', 'doctor']).default('patient'),
  status: z.enum(['pending', 'approved', 'denied', 'superseded']).optional(),
});
const grantsQuery = z.strictObject({
  ...patientParameter,
  as: z.enum(['patient', 'grantee']).default('patient'),
});
const logQuery = z.strictObject({
  ...patientParameter,
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const settingsQuery = z.strictObject(patientParameter);
const standingQuery = z.strictObject({ patient: address });
const noQuery = z.strictObject({});

export const accessRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/access/requests',
    tag: 'access',
    auth: true,
    summary: 'Access requests to you (as patient) or from you (as doctor), pending and decided',
    query: requestsQuery,
    responses: {
      200: 'the requests, newest first, with the nonce the decision must carry',
      400: 'invalid query',
    },
  },
  {
    method: 'get',
    path: '/v1/access/grants',
    tag: 'access',
    auth: true,
    summary: 'Grants in force that you gave (as patient) or hold (as grantee), break-glass included',
    query: grantsQuery,
    responses: { 200: 'the grants', 400: 'invalid query' },
  },
  {
    method: 'get',
    path: '/v1/access/settings',
    tag: 'access',
    auth: true,
    summary: 'Your break-glass setting, delegates and research consent, with their nonces',
    query: settingsQuery,
    responses: { 200: 'the settings', 400: 'invalid query' },
  },
  {
    method: 'get',
    path: '/v1/access/standing',
    tag: 'access',
    auth: true,
    summary:
      'Where you (a doctor) stand with one patient: your latest request, access you hold, and the nonces your next request or break-glass intent must carry',
    query: standingQuery,
    responses: { 200: 'the standing', 400: 'invalid query' },
  },
  {
    method: 'get',
    path: '/v1/access/delegations',
    tag: 'access',
    auth: true,
    summary:
      'The patients who appointed you their delegate (pass ?patient= on the other routes to act for one)',
    query: noQuery,
    responses: { 200: 'the patients', 400: 'invalid query' },
  },
  {
    method: 'get',
    path: '/v1/access/log',
    tag: 'access',
    auth: true,
    summary: 'Who opened which of your records and when, next to the consent events',
    query: logQuery,
    responses: { 200: 'the log, newest first', 400: 'invalid query' },
  },
];

function query<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  return parsed.data;
}

export function accessRouter(options: {
  consent: ConsentView;
  records: RecordService;
  notifications: AccountNotifications;
}) {
  const router = new Hono<AuthedEnv>();

  /** The patient the request is about: yourself, or a patient who appointed you their delegate. */
  const patientFor = async (account: string, requested: string | undefined): Promise<string> => {
    if (!requested || requested.toLowerCase() === account.toLowerCase()) return account;
    const delegations = await options.consent.delegationsOf(account);
    if (!delegations.some((delegation) => delegation.patient === requested.toLowerCase()))
      throw new RelayerError('NOT_DELEGATE', 403, `you are not a delegate of ${requested}`);
    return requested.toLowerCase();
  };

  router.get('/requests', async (context) => {
    const { as, status, patient } = query(requestsQuery, context.req.query());
    const { account } = context.get('session');
    const requests = await options.consent.requests(
      as === 'patient' ? { patient: await patientFor(account, patient) } : { doctor: account },
    );
    return context.json({
      requests: status ? requests.filter((request) => request.status === status) : requests,
    });
  });

  router.get('/grants', async (context) => {
    const { as, patient } = query(grantsQuery, context.req.query());
    const { account } = context.get('session');
    return context.json({
      grants: await options.consent.grants(
        as === 'patient' ? { patient: await patientFor(account, patient) } : { grantee: account },
      ),
    });
  });

  router.get('/settings', async (context) => {
    const { patient } = query(settingsQuery, context.req.query());
    return context.json(
      await options.consent.settings(await patientFor(context.get('session').account, patient)),
    );
  });

  router.get('/standing', async (context) => {
    const { patient } = query(standingQuery, context.req.query());
    return context.json(await options.consent.standing(patient, context.get('session').account));
  });

  router.get('/delegations', async (context) => {
    query(noQuery, context.req.query());
    return context.json({ patients: await options.consent.delegationsOf(context.get('session').account) });
  });

  // The patient's own log: who downloaded what (and fetched its key), next to the consent events.
  router.get('/log', async (context) => {
    const { limit, patient } = query(logQuery, context.req.query());
    const subject = (await patientFor(context.get('session').account, patient)).toLowerCase();
    const [opened, events] = await Promise.all([
      options.records.accessLog(subject as `0x${string}`, limit),
      options.notifications.latest(subject, limit),
    ]);
    return context.json({
      opened,
      consentEvents: events.filter(
        (event) =>
          (event.type.startsWith('access.') || event.type === 'breakglass.opened') &&
          event.data.patient === subject,
      ),
    });
  });

  return router;
}
