export { type ChannelMessage, ENKASH_AUTH_CHANNEL } from './channel-message.js';
export { type EnableOpenTelemetryOptions, enableOpenTelemetry } from './enable-open-telemetry.js';
