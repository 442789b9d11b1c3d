import { createRequire } from 'node:module';
import type * as Undici from 'undici';

/**
 * The parts of undici the suite uses, each loaded from the file undici's own `index.js` takes
 * it from (the same class or function: `undici-parts.test.ts`). `index.js` also loads fetch,
 * WebSocket, EventSource, the mock agents, the cache stores and cookies (which load Node's own
 * copy of undici), none of which the suite uses: that costs every process that sends a request
 * about 65 ms of CPU, and a run has a worker per spec file. undici's version is pinned in
 * package.json; a new one must keep these paths (the test fails otherwise).
 */
const require = createRequire(import.meta.url);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
export const EnvHttpProxyAgent =
  require('undici/lib/dispatcher/env-http-proxy-agent.js') as typeof Undici.EnvHttpProxyAgent;
export const errors = require('undici/lib/core/errors.js') as typeof Undici.errors;
export const buildConnector = require('undici/lib/core/connect.js') as typeof Undici.buildConnector;

// `Dispatcher.prototype.request` and the other API methods, as `index.js` adds them (again, if
// it was loaded too: the same functions).
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as typeof Undici.Dispatcher;
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));
