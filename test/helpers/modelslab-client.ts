import { ModelsLabClient, type ModelsLabClientOptions } from '../../providers/modelslab/index.js';
import type { Simulator } from '../../src/testing/index.js';

/**
 * A ModelsLab client on the simulator, with its valid key (unless a `strategy` holds the key)
 * and no retries, so a test sees each answer as it came.
 *
 * @param sim The running simulator.
 * @param options Options over those defaults.
 * @returns The client.
 */
export function modelsLabClientFor(sim: Simulator, options: ModelsLabClientOptions = {}): ModelsLabClient {
  return new ModelsLabClient({
    ...(options.strategy === undefined ? { apiKey: sim.keys.modelslab.valid } : {}),
    baseUrl: sim.modelslab.baseUrl,
    maxRetries: 0,
    ...options,
  });
}
