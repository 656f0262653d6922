// One contender of the throughput rounds, in a process of its own, so no contender runs on code
// that another contender's calls trained (ky's and undici's functions are shared within a process,
// and a client that follows another one first pays for re-optimising them). It waits for the
// parent's turns: `{ count, concurrency }` → `{ perSecond, cpuMicrosPerCall }`.
//
//   node --expose-gc bench/contender-child.mjs <workload> <contender> <origin> [keygate build dir]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCall } from './contenders.mjs';
import { drive } from './drive.mjs';

const [workload, contender, origin, dist] = process.argv.slice(2);
const call = await createCall(
  workload,
  contender,
  origin,
  dist === undefined ? undefined : pathToFileURL(`${resolve(dist)}/`),
);
process.on('message', async ({ count, concurrency }) => {
  // A full collection before the turn, outside the measurement: no turn pays for the last one's garbage.
  globalThis.gc();
  try {
    process.send(await drive(call, count, concurrency));
  } catch (error) {
    // A failed call fails the run: the parent throws this, and this process ends.
    process.send({ error: `${contender}: ${error instanceof Error ? error.message : String(error)}` }, () =>
      process.exit(1),
    );
  }
});
process.send('ready');
