import { categoryMask } from '@medicrypt/contracts';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { prepareUpload, uploadRecord } from '../../../patient/upload-record.ts';
import { pendingRequest } from '../../../testing/fake-relayer.ts';
import { connectionOf, publishKey } from '../../../testing/patient-fixture.ts';
import { click, getButton, getByRole, text, waitFor } from '../../../testing/render.tsx';
import { choose, getByLabel, renderPatient, signInAs } from '../../../testing/render-patient.tsx';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const doctor = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const DAY = 86_400;

async function withRequest() {
  const rendered = await renderPatient(patient);
  const { relayer, container, provider } = rendered;
  await publishKey(relayer, doctor);
  relayer.requests = [pendingRequest(doctor.address, { nonce: 3, durationSeconds: 30 * DAY })];
  await signInAs(relayer, patient);
  const file = new File(
    [JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'HbA1c' } })],
    'a.json',
    {
      type: 'application/fhir+json',
    },
  );
  const record = await uploadRecord(connectionOf(relayer, provider, patient), await prepareUpload(file), {
    category: 'lab',
  });
  await waitFor(() => getButton(container, 'Approve'));
  return { ...rendered, record };
}

describe('pending requests', () => {
  it('says who asks (short, the full address on hover), for what, why and for how long', async () => {
    const { container } = await withRequest();
    const card = container.querySelector('.request-card')!;
    expect(card.querySelector(`[title="${doctor.address}"]`)).not.toBeNull();
    expect(text(card)).toContain(`Request from ${doctor.address.slice(0, 6)}`);
    const facts = Object.fromEntries(
      [...card.querySelectorAll('dt')].map((term) => [text(term), text(term.nextElementSibling!)]),
    );
    expect(facts).toMatchObject({ Wants: 'Lab results, Imaging', Why: 'Treatment', For: '30 days' });
    expect(text(container.querySelector('[role="tab"][aria-selected="true"]')!)).toBe('Requests1');
    expect(container.querySelector('[role="tab"][aria-selected="true"]')?.getAttribute('aria-label')).toBe(
      'Requests, 1 waiting',
    );
  });

  it('approves fewer categories for less time with the request’s nonce, and shares the matching keys', async () => {
    const { container, relayer, record } = await withRequest();
    await click(getButton(container, 'Share less…'));
    await click(getByLabel(container, 'Imaging'));
    await choose(getByLabel<HTMLSelectElement>(container, 'For how long'), String(7 * DAY));
    const before = Math.floor(Date.now() / 1000);
    await click(getButton(container, 'Approve selection'));

    await waitFor(() => expect(text(container)).toContain('Approval sent. 1 record key shared.'));
    const [intent] = relayer.intents;
    expect(intent).toMatchObject({
      name: 'approveAccess',
      message: { grantee: doctor.address, categories: categoryMask(['lab']), nonce: 3 },
    });
    expect(Number(intent!.message.expiresAt)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 7 * DAY);
    expect(Number(intent!.message.expiresAt)).toBeGreaterThanOrEqual(before + 7 * DAY);
    expect(relayer.envelopes.get(record.cid)?.has(doctor.address.toLowerCase())).toBe(true);
  });

  it('approving with nothing chosen is not possible', async () => {
    const { container } = await withRequest();
    await click(getButton(container, 'Share less…'));
    await click(getByLabel(container, 'Lab results'));
    await click(getByLabel(container, 'Imaging'));
    expect(getButton(container, 'Approve selection').disabled).toBe(true);
  });

  it('explains a rejected signature and sends nothing', async () => {
    const { container, relayer, provider } = await withRequest();
    provider.rejectNext();
    await click(getButton(container, 'Approve'));
    await waitFor(() =>
      expect(text(getByRole(container, 'alert'))).toBe(
        'You rejected the signature request in MetaMask, so nothing was signed or sent.',
      ),
    );
    expect(relayer.intents).toEqual([]);
    expect(relayer.envelopes.get(relayer.records[0]!.cid)?.has(doctor.address.toLowerCase())).toBe(false);
    expect(getButton(container, 'Approve').disabled).toBe(false);
  });

  it('denies with the request’s nonce', async () => {
    const { container, relayer } = await withRequest();
    await click(getButton(container, 'Deny'));
    await waitFor(() => expect(text(container)).toContain('Denial sent.'));
    expect(relayer.intents[0]).toMatchObject({
      name: 'denyAccess',
      message: { grantee: doctor.address, nonce: 3 },
    });
  });

  it('warns when the doctor has no encryption key yet, but the approval stands', async () => {
    const { container, relayer } = await withRequest();
    relayer.keyBindings.clear();
    await click(getButton(container, 'Approve'));
    await waitFor(() => expect(text(container)).toContain('has not set up MediCrypt encryption yet'));
    expect(relayer.intents[0]?.name).toBe('approveAccess');
  });

  it('says when nobody is asking', async () => {
    const { container, relayer } = await renderPatient(patient);
    await signInAs(relayer, patient);
    await waitFor(() => expect(text(container)).toContain('No one is asking for access right now.'));
  });
});
