// Adds the lockfile entries that `npm install` leaves out when the registry it talks to serves
// only this machine's platform binaries (biome, rollup, esbuild ship one optional package per
// platform). `npm ci` builds its ideal tree with every declared optional dependency and rejects
// a lockfile that lacks any of them ("Missing: @rollup/rollup-darwin-x64@ from lock file"). An
// entry marked optional is what a full registry would have written; `npm ci` then skips the
// packages it cannot install here. Run through `npm run lock` after changing dependencies.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    lock.packages[hoisted] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
