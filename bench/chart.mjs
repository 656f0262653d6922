// docs/benchmarks.svg: one bar per contender and workload, in sections that each have their own
// unit and scale.
import { kyDefaults, kyLean } from './contenders.mjs';

const colour = {
  fetch: '#607d8b',
  [kyDefaults]: '#8d6e63',
  [kyLean]: '#bcaaa4',
  keygate: '#2f7d32',
  'twelvelabs-js': '#c62828',
};
const width = 760;
const labelWidth = 250;
const rowHeight = 22;

/** @returns {string} The SVG document. */
export function chart({ throughput, inFlight, uploads }) {
  const short = (title) => title.split(',')[0];
  const perWorkload = (results, value) =>
    results.flatMap((r) =>
      r.contenders
        .filter((name) => value(r, name) !== undefined)
        .map((name) => ({ label: `${short(r.title)}: ${name}`, contender: name, value: value(r, name) })),
    );
  const sections = [
    {
      heading: 'CPU per call, µs (lower is better)',
      unit: 'µs',
      rows: perWorkload(throughput, (r, n) => r.median.cpu[n]),
    },
    {
      heading: 'Throughput, requests/s (higher is better)',
      unit: 'req/s',
      rows: perWorkload(throughput, (r, n) => r.median.rate[n]),
    },
    {
      heading: 'Peak RSS with calls in flight, MiB (lower is better)',
      unit: 'MiB',
      rows: perWorkload(inFlight, (r, n) => r.median.peakMiB[n]),
    },
    {
      heading: 'Peak RSS of a large upload, MiB (lower is better)',
      unit: 'MiB',
      rows: uploads
        .filter((r) => !r.error)
        .map((r) => ({ label: `upload: ${r.contender}`, contender: r.contender, value: r.peakRssMiB })),
    },
  ];
  const parts = [];
  let y = 30;
  for (const { heading, unit, rows } of sections) {
    parts.push(`<text x="10" y="${y + 16}" font-weight="bold">${heading}</text>`);
    y += rowHeight + 4;
    const max = Math.max(...rows.map((r) => r.value), 1e-9);
    for (const r of rows) {
      const length = Math.max(2, ((width - labelWidth - 110) * r.value) / max);
      const shown = r.value >= 100 ? Math.round(r.value) : r.value.toFixed(1);
      parts.push(
        `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${r.label}</text>` +
          `<rect x="${labelWidth}" y="${y + 2}" width="${length.toFixed(1)}" height="16" fill="${colour[r.contender] ?? '#999'}"/>` +
          `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 14}">${shown} ${unit}</text>`,
      );
      y += rowHeight;
    }
    y += 8;
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif" font-size="12">` +
    '<title>keygate benchmarks: CPU per call, requests per second, and peak RSS with many calls in flight and of a large upload</title>' +
    '<rect width="100%" height="100%" fill="#fff"/>' +
    '<text x="10" y="20" font-size="14" font-weight="bold">keygate benchmarks</text>' +
    `${parts.join('')}</svg>\n`
  );
}
