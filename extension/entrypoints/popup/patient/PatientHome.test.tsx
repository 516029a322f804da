import { act } from 'react';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RELAYER_EVENT_MESSAGE } from '../../../notifications/relayer-event-message.ts';
import { errorResponse, pendingRequest } from '../../../testing/fake-relayer.ts';
import { publishKey } from '../../../testing/patient-fixture.ts';
import { click, getButton, text, waitFor } from '../../../testing/render.tsx';
import { openTab, renderPatient, signInAs } from '../../../testing/render-patient.tsx';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const doctor = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');

const selectedTab = (container: Element) =>
  text(container.querySelector('[role="tab"][aria-selected="true"]')!);
const press = (element: Element, key: string) =>
  act(async () => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });

describe('the signed-in patient’s popup', () => {
  it('moves between tabs with the arrow keys, one tab stop for the list', async () => {
    const { container, relayer } = await renderPatient(patient);
    await signInAs(relayer, patient);
    await waitFor(() => expect(selectedTab(container)).toBe('Requests'));
    const tabs = [...container.querySelectorAll<HTMLElement>('[role="tab"]')];
    expect(tabs.map((tab) => tab.tabIndex)).toEqual([0, -1, -1, -1, -1]);
    const panel = container.querySelector('[role="tabpanel"]')!;
    expect(panel.getAttribute('aria-labelledby')).toBe(tabs[0]!.id);

    await press(tabs[0]!, 'ArrowRight');
    expect(selectedTab(container)).toBe('Access');
    expect(document.activeElement).toBe(container.querySelectorAll('[role="tab"]')[1]);
    await press(tabs[1]!, 'ArrowLeft');
    await press(tabs[0]!, 'ArrowLeft');
    expect(selectedTab(container)).toBe('More');
    await press(tabs[4]!, 'Home');
    expect(selectedTab(container)).toBe('Requests');
  });

  it('follows a submitted change until it is confirmed, then reloads what it changed', async () => {
    const { container, relayer } = await renderPatient(patient);
    await publishKey(relayer, doctor);
    relayer.requests = [pendingRequest(doctor.address)];
    relayer.overrides.set(
      'GET /v1/intents/intent-1/events',
      () =>
        new Response(
          'id: 1\nevent: status\ndata: {"status":"batched"}\n\nid: 2\nevent: status\ndata: {"status":"confirmed"}\n\n',
          {
            headers: { 'content-type': 'text/event-stream' },
          },
        ),
    );
    await signInAs(relayer, patient);
    await waitFor(() => getButton(container, 'Approve'));
    const loads = relayer.callsTo('GET', '/v1/access/requests').length;
    relayer.requests = [];
    await click(getButton(container, 'Approve'));

    const activity = () => container.querySelector('.activity-list li');
    await waitFor(() => expect(activity()?.getAttribute('data-status')).toBe('confirmed'), 4_000);
    expect(text(activity()!)).toBe(
      `Approve access for ${doctor.address.slice(0, 6)}…${doctor.address.slice(-4)}Confirmed`,
    );
    await waitFor(
      () => expect(relayer.callsTo('GET', '/v1/access/requests').length).toBeGreaterThan(loads),
      4_000,
    );
    await waitFor(() => expect(text(container)).toContain('No one is asking for access right now.'), 4_000);
  });

  it('shows why a change failed', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.requests = [pendingRequest(doctor.address)];
    relayer.overrides.set(
      'GET /v1/intents/intent-1',
      () =>
        new Response(
          JSON.stringify({
            id: 'intent-1',
            status: 'failed',
            failure: { code: 'REVERTED', reason: 'StaleNonce(2, 1)' },
          }),
        ),
    );
    await signInAs(relayer, patient);
    await waitFor(() => getButton(container, 'Deny'));
    await click(getButton(container, 'Deny'));
    await waitFor(() =>
      expect(container.querySelector('.activity-list li')?.getAttribute('data-status')).toBe('failed'),
    );
    expect(text(container.querySelector('.activity-list')!)).toContain('Failed');
    expect(text(container.querySelector('.activity-list')!)).toContain('StaleNonce(2, 1)');
  });

  it('reloads when the background reports an event', async () => {
    const { container, relayer } = await renderPatient(patient);
    await signInAs(relayer, patient);
    await waitFor(() => expect(text(container)).toContain('No one is asking for access right now.'));
    relayer.requests = [pendingRequest(doctor.address)];
    await act(async () => {
      await fakeBrowser.runtime.sendMessage({ type: RELAYER_EVENT_MESSAGE, event: 'access.requested' });
    });
    await waitFor(() => getButton(container, 'Approve'));
  });

  it('says when data cannot be loaded, and loads it on Reload', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.overrides.set('GET /v1/access/requests', () =>
      errorResponse(503, 'DATABASE_UNAVAILABLE', 'the database is down'),
    );
    await signInAs(relayer, patient);
    await waitFor(() => expect(text(container)).toContain('Could not load requests: The database is down.'));
    expect(container.querySelector('[role="alert"]')).not.toBeNull();
    relayer.overrides.delete('GET /v1/access/requests');
    await click(getButton(container, 'Reload'));
    await waitFor(() => expect(text(container)).toContain('No one is asking for access right now.'));
  });

  it('shows the access log without the patient’s own reads', async () => {
    const { container, relayer } = await renderPatient(patient);
    relayer.log = {
      opened: [
        {
          accessor: doctor.address.toLowerCase(),
          cid: 'bafk1',
          action: 'download',
          at: '2026-11-24T09:00:00.000Z',
        },
        {
          accessor: patient.address.toLowerCase(),
          cid: 'bafk1',
          action: 'key',
          at: '2026-11-24T08:00:00.000Z',
        },
      ],
      consentEvents: [
        {
          id: '9',
          type: 'access.approved',
          at: '2026-11-23T09:00:00.000Z',
          blockNumber: '9',
          transactionHash: '0x',
          data: { patient: patient.address.toLowerCase(), grantee: doctor.address.toLowerCase() },
        },
        {
          id: '10',
          type: 'breakglass.opened',
          at: '2026-11-23T10:00:00.000Z',
          blockNumber: '10',
          transactionHash: '0x',
          data: {
            patient: patient.address.toLowerCase(),
            doctor: doctor.address.toLowerCase(),
            reason: 'Unconscious on arrival',
          },
        },
      ],
    };
    await signInAs(relayer, patient);
    await openTab(container, 'Log', 'Access log');
    await waitFor(() => expect(container.querySelectorAll('.log-list li')).toHaveLength(3));
    const [opened, event, emergency] = [...container.querySelectorAll('.log-list li')].map(text);
    expect(opened).toContain('downloaded a record');
    expect(event).toContain('was granted access');
    // The doctor's stated reason, as the registry recorded it, is shown to the patient.
    expect(emergency).toContain('opened emergency access: “Unconscious on arrival”');
  });
});
