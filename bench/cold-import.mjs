// What importing keygate costs a process that starts: wall time and peak RSS of `node -e import(…)`
// against bare node, in interleaved rounds.
import { spawnSync } from 'node:child_process';
import { median } from './stats.mjs';

/**
 * @param {{ distUrl: URL, rounds: number }} options
 * @returns {Record<string, { medianMs: number, overBareMs: number, peakRssMiB: number }>}
 *   Per entry, with `bare node` first.
 */
export function measureColdImport({ distUrl, rounds }) {
  const targets = {
    'bare node': undefined,
    keygate: new URL('index.js', distUrl).href,
    'keygate/twelvelabs': new URL('twelvelabs.js', distUrl).href,
    'keygate/modelslab': new URL('modelslab.js', distUrl).href,
    'twelvelabs-js': new URL('node_modules/twelvelabs-js/index.js', import.meta.url).href,
  };
  const runs = Object.fromEntries(Object.keys(targets).map((name) => [name, { ms: [], rssMiB: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, target] of Object.entries(targets)) {
      const code = `${target ? `await import(${JSON.stringify(target)});` : ''}console.log(process.resourceUsage().maxRSS)`;
      const started = performance.now();
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
      runs[name].ms.push(performance.now() - started);
      runs[name].rssMiB.push(Number(run.stdout.trim()) / 1024);
    }
  }
  const bareMs = median(runs['bare node'].ms);
  return Object.fromEntries(
    Object.entries(runs).map(([name, { ms, rssMiB }]) => [
      name,
      { medianMs: median(ms), overBareMs: median(ms) - bareMs, peakRssMiB: median(rssMiB) },
    ]),
  );
}
