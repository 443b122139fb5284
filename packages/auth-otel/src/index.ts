export type { ChannelMessage } from './channel-message.js';
export { type EnableOpenTelemetryOptions, enableOpenTelemetry } from './enable-open-telemetry.js';
