import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, text } from '../../testing/render.tsx';
import { RenderGuard } from './RenderGuard.tsx';

function Broken(): never {
  throw new TypeError('cannot read this element');
}

describe('RenderGuard', () => {
  afterEach(() => document.body.replaceChildren());

  it('shows the fallback when a view throws, and the rest of the page stays', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { container } = await render(
      <>
        <RenderGuard fallback={<p>generic view</p>}>
          <Broken />
        </RenderGuard>
        <p>next resource</p>
      </>,
    );
    expect(text(container)).toBe('generic viewnext resource');
  });
});
