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
  // One listener for the process's end, shared by every turn (a listener per turn would pile up
  // on the process for the whole run). Marked handled: stopping the contender ends it too.
  const exited = once(contenderProcess, 'exit').then(([code]) => {
    throw new Error(`the ${contender} contender exited with ${code}`);
  });
  exited.catch(() => undefined);
  // The next message, or a failure if the process ends first: a crashed contender fails the run
  // instead of leaving it waiting.
  const nextMessage = async () => {
    const [message] = await Promise.race([once(contenderProcess, 'message'), exited]);
    if (message?.error !== undefined) throw new Error(message.error);
    return message;
  };
  const stop = () => contenderProcess.kill();
  try {
    const first = await nextMessage();
    if (first !== 'ready') throw new Error(`the ${contender} contender said ${JSON.stringify(first)}`);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    async run(count, concurrency) {
      contenderProcess.send({ count, concurrency });
      return nextMessage();
    },
    stop,
  };
}
