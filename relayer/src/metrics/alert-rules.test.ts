// docs/alerts.yml as Prometheus reads it: promtool's own rule check, and the cases in docs/alerts.test.yml
// (every rule fires on its series after its `for:`, and not short of its threshold).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promtool } from '../testing/promtool.ts';

const docs = join(import.meta.dirname, '..', '..', '..', 'docs');

describe('the alert rules (docs/alerts.yml)', () => {
  it('pass promtool check rules', async () => {
    const result = await promtool(['check', 'rules', 'alerts.yml'], { cwd: docs });
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.code, result.output).toBe(0);
  });

  it('fire as docs/alerts.test.yml expects (promtool test rules)', async () => {
    const result = await promtool(['test', 'rules', 'alerts.test.yml'], { cwd: docs });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });
});
