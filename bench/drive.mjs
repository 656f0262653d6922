// The measurement of one turn: calls per second and client CPU per call.

/**
 * Sends `count` calls, `concurrency` at a time. `process.cpuUsage()` covers every thread of the
 * process (JS, GC helpers, undici's I/O), and the server runs in a process of its own.
 *
 * @param {() => Promise<unknown>} call One call.
 * @param {number} count
 * @param {number} concurrency
 * @returns {Promise<{ perSecond: number, cpuMicrosPerCall: number }>}
 */
export async function drive(call, count, concurrency) {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await call();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { perSecond: count / seconds, cpuMicrosPerCall: (cpu.user + cpu.system) / count };
}
