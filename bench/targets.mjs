// The targets of issue 9 ("Performance") and the earlier ones, checked against a run's results.
import { kyDefaults } from './contenders.mjs';
import { compare, compareInterval } from './stats.mjs';

const times = (ratio) => `${ratio.toFixed(2)}×`;

/**
 * A ratio target's value with its 95% interval, and whether the interval reaches past 1.0: then
 * this run cannot tell keygate from bare ky on that measure, whichever side the median fell on.
 * The verdict itself stays the median's, as the target is written.
 */
function ratioVerdict(ratio, { low, high }) {
  return {
    value: `${times(ratio)} (95% interval ${low.toFixed(2)}–${high.toFixed(2)})`,
    withinNoise: low <= 1 && high >= 1,
  };
}

/**
 * @returns {Array<{ what: string, value: string, met: boolean, withinNoise?: boolean }>} In report
 *   order; `withinNoise` marks a ratio target whose interval includes 1.0.
 */
export function checkTargets({ settings, throughput, inFlight, uploads, multipart, coldImport, sizes }) {
  const targets = [];
  for (const result of throughput) {
    const rate = compare(result, 'rate', 'keygate', kyDefaults);
    const cpu = compare(result, 'cpu', 'keygate', kyDefaults);
    targets.push({
      what: `${result.title}: keygate requests/s ≥ 1.0× bare ky`,
      ...ratioVerdict(rate, compareInterval(result, 'rate', 'keygate', kyDefaults)),
      met: rate >= 1,
    });
    targets.push({
      what: `${result.title}: keygate CPU per call ≤ 1.0× bare ky`,
      ...ratioVerdict(cpu, compareInterval(result, 'cpu', 'keygate', kyDefaults)),
      met: cpu <= 1,
    });
  }
  for (const result of inFlight) {
    const what = `${settings.inFlightCalls.toLocaleString('en')} calls in flight, ${result.title}: keygate peak RSS ≤ 1.10× bare ky`;
    const error = result.errors.keygate ?? result.errors[kyDefaults];
    const peak = error ? undefined : compare(result, 'peakMiB', 'keygate', kyDefaults);
    targets.push({ what, value: error ? `failed: ${error}` : times(peak), met: !error && peak <= 1.1 });
  }
  const upload = uploads.find((r) => r.contender === 'keygate');
  targets.push({
    what: `${settings.uploadMiB} MiB upload: keygate peak RSS < 150 MiB`,
    value: upload.error ? `failed: ${upload.error}` : `${upload.peakRssMiB} MiB`,
    // The multipart body is the file plus its framing: the server must have seen all of it.
    met: upload.peakRssMiB < 150 && upload.receivedBytes > settings.uploadMiB * 2 ** 20,
  });
  targets.push({
    what: `${settings.multipartMiB.toLocaleString('en')} MiB multipart upload: keygate peak RSS < 200 MiB, every byte stored, no key at the storage`,
    value: multipart.error
      ? `failed: ${multipart.error}`
      : `${multipart.peakRssMiB} MiB, ${multipart.keyLeaks} keys`,
    met:
      !multipart.error &&
      multipart.peakRssMiB < 200 &&
      multipart.receivedBytes === settings.multipartMiB * 2 ** 20 &&
      multipart.keyLeaks === 0,
  });
  for (const entry of ['keygate/twelvelabs', 'keygate/modelslab']) {
    const over = coldImport[entry].overBareMs;
    targets.push({
      what: `cold import of ${entry} < 50 ms over bare node`,
      value: `${over.toFixed(1)} ms`,
      met: over < 50,
    });
  }
  for (const size of sizes) {
    targets.push({
      what: `${size.entry} min+gz ≤ ${size.budgetBytes} B`,
      value: `${size.gzipBytes} B`,
      met: size.gzipBytes <= size.budgetBytes,
    });
  }
  return targets;
}
