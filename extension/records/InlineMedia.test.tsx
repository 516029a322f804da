import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, text } from '../testing/render.tsx';
import { InlineMedia } from './InlineMedia.tsx';

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

describe('a decrypted file shown inline', () => {
  afterEach(() => document.body.replaceChildren());

  it('a PDF in the browser’s viewer, from an object URL of type application/pdf that is revoked when it goes', async () => {
    const created = vi.spyOn(URL, 'createObjectURL');
    const revoked = vi.spyOn(URL, 'revokeObjectURL');
    vi.spyOn(console, 'error').mockImplementation(() => {}); // happy-dom does not load frames
    const shown = await render(
      <InlineMedia bytes={pdf} contentType="application/pdf; name=x" name="letter.pdf" />,
    );
    const frame = shown.container.querySelector('iframe')!;
    expect(frame.getAttribute('title')).toBe('letter.pdf (PDF)');
    const url = frame.getAttribute('src')!;
    expect(url).toMatch(/^blob:/);
    const blob = created.mock.calls.at(-1)![0] as Blob;
    expect(blob.type).toBe('application/pdf');
    expect(revoked).not.toHaveBeenCalledWith(url);
    await shown.unmount();
    expect(revoked).toHaveBeenCalledWith(url);
  });

  it('an image in <img>, its URL revoked when it goes', async () => {
    const revoked = vi.spyOn(URL, 'revokeObjectURL');
    const shown = await render(
      <InlineMedia bytes={Uint8Array.of(0x89, 0x50, 0x4e, 0x47)} contentType="image/png" name="scan.png" />,
    );
    const image = shown.container.querySelector('img')!;
    expect(image.getAttribute('alt')).toBe('scan.png');
    const url = image.getAttribute('src')!;
    expect(url).toMatch(/^blob:/);
    await shown.unmount();
    expect(revoked).toHaveBeenCalledWith(url);
  });

  it('something that only claims to be a PDF, or a type the page cannot show, is offered to save instead', async () => {
    const fake = await render(
      <InlineMedia bytes={new TextEncoder().encode('<html>')} contentType="application/pdf" name="x.pdf" />,
    );
    expect(fake.container.querySelector('iframe')).toBeNull();
    expect(text(fake.container)).toBe(
      'This file says it is a PDF but is not one, so it is not shown here: save a copy to look at it.',
    );
    const dicom = await render(
      <InlineMedia bytes={Uint8Array.of(0)} contentType="application/dicom" name="ct.dcm" />,
    );
    expect(text(dicom.container)).toBe(
      'This kind of file (application/dicom) is not shown here: save a copy to open it.',
    );
  });

  it('text as text', async () => {
    const shown = await render(
      <InlineMedia
        bytes={new TextEncoder().encode('Referral: chest pain')}
        contentType="text/plain"
        name="n.txt"
      />,
    );
    expect(text(shown.container.querySelector('pre')!)).toBe('Referral: chest pain');
  });
});
