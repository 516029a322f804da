// .env.example is where operators learn the settings: it must list every relayer setting with its default.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settings } from './config.ts';

const example = readFileSync(join(import.meta.dirname, '..', '..', '.env.example'), 'utf8');

describe('.env.example', () => {
  it.each(Object.entries(settings))('lists %s with its default', (name, { default: value }) => {
    const line = new RegExp(`^#? ?${name}=(.*)$`, 'm').exec(example);
    expect(line, `${name} is missing from .env.example`).not.toBeNull();
    if (name !== 'RPC_URL') expect(line![1]!.trim()).toBe(value);
  });
});
