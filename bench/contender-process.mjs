// The parent's side of bench/contender-child.mjs.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./contender-child.mjs', import.meta.url));

/**
 * Starts one contender in a process of its own, ready to run turns.
 *
 * @param {'get' | 'post'} workload
 * @param {string} contender
 * @param {string} origin The server's origin.
 * @param {string} [dist] A keygate build directory for the `keygate` contender (default: the one under test).
 * @returns {Promise<{ run: (count: number, concurrency: number) => Promise<{ perSecond: number, cpuMicrosPerCall: number }>, stop: () => void }>}
 */
export async function startContender(workload, contender, origin, dist) {
  const args = [workload, contender, origin, ...(dist === undefined ? [] : [dist])];
  const contenderProcess = fork(child, args, {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [first] = await Promise.race([
    once(contenderProcess, 'message'),
    once(contenderProcess, 'exit').then(([code]) => {
      throw new Error(`the ${contender} contender exited with ${code} before it was ready`);
    }),
  ]);
  if (first !== 'ready') throw new Error(`the ${contender} contender said ${JSON.stringify(first)}`);
  return {
    async run(count, concurrency) {
      contenderProcess.send({ count, concurrency });
      const [result] = await once(contenderProcess, 'message');
      return result;
    },
    stop() {
      contenderProcess.kill();
    },
  };
}
