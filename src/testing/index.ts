// The public surface of "keygate/testing": a loopback simulator of both providers and test doubles.

export type { CredentialLocation, ReceivedCredential } from './credentials.js';
export type { KeyPlacement, RecordedAuthentication, StaticKeyStrategyOptions } from './doubles.js';
export { RecordingStrategy, StaticKeyStrategy } from './doubles.js';
export type { SendTwelveLabsWebhookOptions, TwelveLabsWebhookEventInit } from './sim-twelvelabs-webhooks.js';
export type {
  ModelsLabKeyScenario,
  ModelsLabSimulatorOptions,
  TwelveLabsKeyScenario,
  WebhookDelivery,
} from './sim-types.js';
export type { SimulatedRequest, Simulator, SimulatorFaults, SimulatorOptions } from './simulator.js';
export { createSimulator } from './simulator.js';
