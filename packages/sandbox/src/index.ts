export { createSandboxHandler, type SandboxHandler } from './create-sandbox-handler.js';
export { DEMO_USERS } from './demo-users.js';
export { isLoopbackHost } from './is-loopback-host.js';
export { isSandboxProduct, SANDBOX_PRODUCTS, type SandboxProduct } from './products.js';
export type { SandboxRequestLogEntry } from './request-log-entry.js';
export type { SandboxControl } from './sandbox-control.js';
export type { SandboxCounters } from './sandbox-counters.js';
export type { SandboxFault } from './sandbox-fault.js';
export type {
  SandboxOptions,
  SandboxProductOptions,
  SandboxRefusalStyle,
  SandboxResponseShape,
  StartSandboxOptions,
} from './sandbox-options.js';
export type { SandboxUser } from './sandbox-user.js';
export { type Sandbox, startSandbox } from './start-sandbox.js';
export { LOCK_AFTER_FAILURES } from './token-endpoint.js';
