import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.ts';

describe('ByteQueue', () => {
  it('reads exact lengths across chunk boundaries, in order', () => {
    const queue = new ByteQueue();
    queue.push(Uint8Array.of(1, 2, 3));
    queue.push(new Uint8Array());
    queue.push(Uint8Array.of(4, 5));
    queue.push(Uint8Array.of(6));
    expect(queue.length).toBe(6);
    expect(queue.read(2)).toEqual(Uint8Array.of(1, 2));
    expect(queue.read(3)).toEqual(Uint8Array.of(3, 4, 5));
    expect(queue.length).toBe(1);
    expect(queue.readAll()).toEqual(Uint8Array.of(6));
    expect(queue.length).toBe(0);
  });

  it('hands out a view, not a copy, when the bytes lie in one chunk', () => {
    const chunk = Uint8Array.of(1, 2, 3, 4);
    const queue = new ByteQueue();
    queue.push(chunk);
    expect(queue.read(2).buffer).toBe(chunk.buffer);
  });

  it('copies what is still queued on own(), once, so callers may reuse their buffers', () => {
    const first = Uint8Array.of(1, 2, 3);
    const second = Uint8Array.of(4, 5);
    const queue = new ByteQueue();
    queue.push(first);
    queue.push(second);
    queue.read(1);
    queue.own();
    first.fill(0);
    second.fill(0);
    queue.own();
    expect(queue.readAll()).toEqual(Uint8Array.of(2, 3, 4, 5));
  });

  it('peeks without consuming', () => {
    const queue = new ByteQueue();
    queue.push(Uint8Array.of(1));
    queue.push(Uint8Array.of(2, 3));
    queue.read(1);
    expect(queue.peek(5)).toEqual(Uint8Array.of(2, 3));
    expect(queue.length).toBe(2);
  });

  it('refuses to read more than it holds', () => {
    const queue = new ByteQueue();
    queue.push(Uint8Array.of(1));
    expect(() => queue.read(2)).toThrow(RangeError);
  });
});
