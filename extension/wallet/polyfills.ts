// @metamask/providers and its streams were written for Node: they reach for the globals `Buffer` and
// `process` (and `require('events')`, which the bundler resolves to the `events` package). Import this
// module before anything that loads the provider.
import { Buffer } from 'buffer';
import process from 'process';

const scope = globalThis as { Buffer?: unknown; process?: unknown; global?: unknown };
scope.Buffer ??= Buffer;
scope.process ??= process;
scope.global ??= globalThis;
