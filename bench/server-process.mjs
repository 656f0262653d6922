// The parent's side of bench/server.mjs: the loopback server every measurement sends to, in a
// process of its own so that no client's CPU or memory figure includes it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * Starts the benchmark server on a free loopback port.
 *
 * @returns {Promise<{ origin: string, stop: () => void }>} Its origin, and how to end it.
 */
export async function startServer() {
  const server = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [portChunk] = await once(server.stdout, 'data');
  return { origin: `http://127.0.0.1:${portChunk.toString().trim()}`, stop: () => server.kill() };
}
