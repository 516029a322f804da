import { describe, expect, it } from 'vitest';
import { ConfigError, RelayerError } from './errors.ts';

describe('RelayerError', () => {
  it('serialises to the API error shape with its stable code', () => {
    const error = new RelayerError('INTENT_EXPIRED', 400, 'the deadline has passed', {
      details: { deadline: 1 },
    });
    expect(error.toJSON()).toEqual({
      error: { code: 'INTENT_EXPIRED', message: 'the deadline has passed', details: { deadline: 1 } },
    });
    expect(error.status).toBe(400);
    expect(new RelayerError('X', 500, 'm').toJSON()).toEqual({ error: { code: 'X', message: 'm' } });
  });

  it('keeps its cause', () => {
    const cause = new Error('rpc down');
    expect(new RelayerError('RPC_UNAVAILABLE', 503, 'chain unreachable', { cause }).cause).toBe(cause);
  });
});

describe('ConfigError', () => {
  it('lists every problem', () => {
    expect(new ConfigError(['A: missing', 'B: invalid']).message).toMatch(/A: missing\n {2}- B: invalid/);
  });
});
