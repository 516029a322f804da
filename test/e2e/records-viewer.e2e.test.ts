// The records page end to end, in real Chromium with the built extension against a real relayer: a patient's
// records (HL7's own FHIR examples, a PDF, an image, an invalid FHIR file) are encrypted and uploaded, then
// opened in MediCrypt's records page, decrypted there and shown as a clinician reads them; the PDF in
// Chromium's own viewer from a blob: URL under the extension's CSP. A screenshot of each kind goes to
// test/artifacts/records-*.png. And an invalid FHIR file is refused at upload in a sentence.
import { randomBytes } from 'node:crypto';
import { wrapRecordKey } from '@medicrypt/crypto';
import { officialExamples } from '@medicrypt/fhir/examples';
import type { Frame, Locator, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from '../../relayer/src/server.ts';
import { ApiClient } from '../../relayer/src/testing/api-client.ts';
import { type ChainFixture, startChainFixture } from '../../relayer/src/testing/chain-fixture.ts';
import { relayerEnv, startTestRelayer } from '../../relayer/src/testing/relayer-fixture.ts';
import { until } from '../../relayer/src/testing/until.ts';
import { type ExtensionBrowser, launchWithExtensions, screenshot, screenshotOf } from '../support/browser.ts';
import { ensureMediCryptBuilt, ensureTestWalletBuilt } from '../support/builds.ts';
import { minimalPdf } from '../support/minimal-pdf.ts';

const TIMEOUT = 120_000;
const PATIENT_KEY = generatePrivateKey();
const patient = privateKeyToAccount(PATIENT_KEY);
/** Chromium's built-in PDF viewer is an extension of its own; its page is what a PDF frame shows. */
const PDF_VIEWER = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';
const PDF_TITLE = 'Discharge letter for the MediCrypt test patient';

const fhir = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));

interface TestRecord {
  name: string;
  contentType: string;
  category: string;
  bytes: Uint8Array;
  /** The screenshot's name under test/artifacts. */
  shot: string;
}

const records: TestRecord[] = [
  {
    name: 'glucose.json',
    shot: 'records-observation',
    category: 'lab',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.glucose),
  },
  {
    name: 'blood-pressure.json',
    shot: 'records-observation-components',
    category: 'vitals',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.bloodPressure),
  },
  {
    name: 'condition.json',
    shot: 'records-condition',
    category: 'condition',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.condition),
  },
  {
    name: 'allergy.json',
    shot: 'records-allergy',
    category: 'allergy',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.allergy),
  },
  {
    name: 'medication-statement.json',
    shot: 'records-medication-statement',
    category: 'medication',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.medicationStatement),
  },
  {
    name: 'prescription.json',
    shot: 'records-medication-request',
    category: 'medication',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.medicationRequest),
  },
  {
    name: 'immunization.json',
    shot: 'records-immunization',
    category: 'immunization',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.immunization),
  },
  {
    name: 'procedure.json',
    shot: 'records-procedure',
    category: 'procedure',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.procedure),
  },
  {
    name: 'blood-count.json',
    shot: 'records-diagnostic-report',
    category: 'lab',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.diagnosticReportBundle),
  },
  {
    name: 'hospital-stay.json',
    shot: 'records-encounter',
    category: 'encounter',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.inpatientStay),
  },
  {
    name: 'patient-summary.json',
    shot: 'records-patient-summary',
    category: 'other',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.ipsDocument),
  },
  {
    name: 'specimen.json',
    shot: 'records-generic',
    category: 'lab',
    contentType: 'application/fhir+json',
    bytes: fhir(officialExamples.specimen),
  },
  {
    name: 'not-quite-fhir.json',
    shot: 'records-invalid-fhir',
    category: 'other',
    contentType: 'application/fhir+json',
    bytes: fhir({ resourceType: 'Condition', code: { text: 'Asthma' } }),
  },
  {
    name: 'discharge-letter.pdf',
    shot: 'records-pdf',
    category: 'document',
    contentType: 'application/pdf',
    bytes: minimalPdf({ title: PDF_TITLE, pages: ['Discharge letter', 'Page two: follow-up'] }),
  },
];

describe('the records page in Chromium', () => {
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let browser: ExtensionBrowser;
  let page: Page;

  /** Opens `name` on the records page and waits for its decrypted view. */
  const open = async (name: string): Promise<Locator> => {
    await page.getByRole('button', { name: `Open ${name}` }).click();
    const region = page.getByRole('region', { name: `Decrypted ${name}` });
    await region.waitFor({ timeout: 30_000 });
    return region;
  };
  const pdfViewer = () =>
    until(
      async () => page.frames().find((frame) => frame.url().startsWith(PDF_VIEWER)),
      (frame): frame is Frame => frame !== undefined,
      'Chromium’s PDF viewer in the page',
      20_000,
    ) as Promise<Frame>;

  beforeAll(async () => {
    const [medicryptDir, walletDir] = await Promise.all([ensureMediCryptBuilt(), ensureTestWalletBuilt()]);
    fixture = await startChainFixture();
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', `records_${randomBytes(4).toString('hex')}`, {
        CONFIRMATIONS: '0',
        JWT_SECRET: randomBytes(32).toString('hex'),
      }),
    );
    browser = await launchWithExtensions({ medicryptDir, walletDir });
    await browser.wallet.configure({
      privateKey: PATIENT_KEY,
      chainId: fixture.deployment.chainId,
      locked: false,
      rejectNext: false,
    });
    await (await browser.configure(relayer.url)).close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await relayer?.stop();
    await fixture?.stop();
  });

  it('refuses an invalid FHIR file at upload with a sentence, not a validator dump', {
    timeout: TIMEOUT,
  }, async () => {
    const popup = await browser.openPopup();
    await popup.getByRole('button', { name: 'Connect wallet' }).click();
    await popup.getByRole('button', { name: 'Sign in with MetaMask' }).click();
    await popup.getByRole('tab', { name: 'Records' }).click();
    await popup.getByLabel('Record file').setInputFiles({
      name: 'asthma.json',
      mimeType: 'application/fhir+json',
      buffer: Buffer.from(JSON.stringify({ resourceType: 'Condition', code: { text: 'Asthma' } })),
    });
    await popup
      .getByRole('alert')
      .getByText(
        'This file is not a valid FHIR R4 record: the Condition has no subject (the patient it is about), which FHIR R4 requires.',
        { exact: true },
      )
      .waitFor();
    await screenshot(popup, 'records-upload-invalid-fhir');
    await popup.close();
  });

  it('the patient’s records are encrypted and uploaded (the same keys the extension derived)', {
    timeout: TIMEOUT,
  }, async () => {
    const api = new ApiClient(relayer.url, patient, fixture.deployment.chainId);
    expect((await api.login()).status).toBe(200);
    expect((await api.publishKey()).status).toBe(200);
    const image = await QRCode.toBuffer('MediCrypt test image', { width: 240 });
    const all = [
      ...records,
      {
        name: 'scan.png',
        shot: 'records-image',
        category: 'imaging',
        contentType: 'image/png',
        bytes: new Uint8Array(image),
      },
    ];
    for (const record of all) {
      const recordId = crypto.randomUUID();
      const { response, recordKey, context } = await api.uploadRecord(
        { recordId, contentType: record.contentType, category: record.category, name: record.name },
        record.bytes,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const ownCopy = wrapRecordKey({
        recordKey,
        recipientPublicKey: api.keys!.publicKey,
        context: { ...context, grantee: patient.address },
      });
      const shared = await api.call('PUT', `/v1/records/${response.body.cid}/envelopes`, {
        envelopes: [ownCopy],
      });
      expect(shared.status, JSON.stringify(shared.body)).toBe(200);
    }
    records.push(all.at(-1)!);
  });

  it('renders each FHIR record for a clinician, the raw JSON behind a toggle', {
    timeout: TIMEOUT,
  }, async () => {
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`chrome-extension://${browser.medicryptId}/records.html?patient=${patient.address}`);
    await page.getByRole('heading', { name: 'Your records' }).waitFor({ timeout: 30_000 });

    const expectations: Record<string, string[]> = {
      'glucose.json': [
        'Glucose [Moles/volume] in Blood',
        '6.3 mmol/l',
        'High',
        'Reference range 3.1–6.2 mmol/l',
        'A. Langeveld',
      ],
      'blood-pressure.json': ['107/60 mmHg', 'Systolic blood pressure', 'Below low normal'],
      'condition.json': ['Burnt Ear', 'Severe', 'Confirmed'],
      'allergy.json': ['Cashew nuts', 'High criticality', 'Anaphylactic reaction', 'Urticaria'],
      'medication-statement.json': [
        'Tylenol PM',
        '1-2 tablets once daily at bedtime as needed for restless legs',
      ],
      'prescription.json': ['Azithromycin 250mg capsule (product)', 'Two tablets at once', 'Patrick Pump'],
      'immunization.json': ['Fluvax (Influenza)', 'AAJN11K', 'Injection, intramuscular'],
      'procedure.json': ['Appendectomy', 'Dr Cecil Surgeon'],
      'blood-count.json': [
        'Complete Blood Count',
        'Haemoglobin',
        '176 g/L',
        'Critically low',
        'Report as issued',
      ],
      'hospital-stay.json': ['Inpatient stay for nine days', 'Admission diagnosis'],
      'patient-summary.json': [
        'Martha DeLarosa',
        'Active Problems',
        'Menopausal flushing (finding)',
        'Substance with penicillin structure (substance)',
        'Plan of Treatment',
      ],
      'specimen.json': ['Venous blood specimen', 'Peter Patient'],
    };
    for (const record of records.filter((each) => expectations[each.name])) {
      const region = await open(record.name);
      for (const expected of expectations[record.name]!)
        await region.getByText(expected, { exact: false }).first().waitFor({ timeout: 10_000 });
      expect(await region.locator('pre').count(), record.name).toBe(0);
      await screenshotOf(region, record.shot);
    }

    const region = await open('glucose.json');
    // Opening a record brings it into view and moves focus to it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('glucose.json');
    await region.getByRole('button', { name: 'Show the raw JSON' }).click();
    expect(await region.locator('pre').textContent()).toContain('"resourceType": "Observation"');
    await screenshot(page, 'records-page');
  });

  it('explains a record that is not valid FHIR in a sentence', { timeout: TIMEOUT }, async () => {
    const region = await open('not-quite-fhir.json');
    await region
      .getByText(
        'This record is not a valid FHIR R4 record: the Condition has no subject (the patient it is about), which FHIR R4 requires.',
        { exact: true },
      )
      .waitFor();
    await screenshotOf(region, 'records-invalid-fhir');
  });

  it('shows a PDF record inline in Chromium’s own viewer, and a PDF a report carries', {
    timeout: TIMEOUT,
  }, async () => {
    const region = await open('discharge-letter.pdf');
    const frame = region.locator('iframe[title="discharge-letter.pdf (PDF)"]');
    const src = await frame.getAttribute('src');
    expect(src).toMatch(new RegExp(`^blob:chrome-extension://${browser.medicryptId}/`));
    const viewer = await pdfViewer();
    // The viewer has loaded this document: its title and both its pages.
    await until(
      () => viewer.locator('#title').textContent(),
      (title) => title === PDF_TITLE,
      'the PDF’s title in the viewer',
      20_000,
    );
    expect(await viewer.locator('#pagelength').textContent()).toBe('2');
    await screenshotOf(region, 'records-pdf');

    // Opening another record revokes the PDF's object URL: its bytes are no longer reachable from the page.
    await open('procedure.json');
    expect(
      await page.evaluate(
        (url) =>
          fetch(url!).then(
            () => 'alive',
            () => 'revoked',
          ),
        src,
      ),
    ).toBe('revoked');

    // The CBC report's presentedForm (a PDF inside the FHIR resource) shows in the same viewer.
    const report = await open('blood-count.json');
    await report.locator('section[aria-label="Report as issued"] iframe').waitFor();
    const reportViewer = await pdfViewer();
    await until(
      () => reportViewer.locator('#title').textContent(),
      (title) => typeof title === 'string' && title.startsWith('CBC Report for'),
      'the report’s own PDF in the viewer',
      20_000,
    );
    await screenshotOf(report, 'records-diagnostic-report');
  });

  it('shows an image record inline', { timeout: TIMEOUT }, async () => {
    const region = await open('scan.png');
    const image = region.getByRole('img', { name: 'scan.png' });
    await image.waitFor();
    await until(
      () => image.evaluate((element) => (element as HTMLImageElement).naturalWidth),
      (width) => width === 240,
      'the image to decode',
    );
    await screenshotOf(region, 'records-image');
  });
});
