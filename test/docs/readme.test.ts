import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The README is also the package's page on the registry, which resolves no relative link, and
// it quotes docs/benchmarks.md, which `npm run bench` rewrites: both drift silently otherwise.

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } };
// git+https://github.com/keygate/keygate.git → https://github.com/keygate/keygate
const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** The README's prose: fenced code removed, so a `[x](y)` inside an example is not a link. */
const prose = readme.replace(/^```[\s\S]*?^```$/gm, '');
const links = [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)|<a\s[^>]*href="([^"]+)"/g)].map(
  (match) => (match[1] ?? match[2]) as string,
);

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
const anchorsOf = (markdown: string) =>
  [...markdown.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1] ?? ''));

/** The text of a `## ` section, up to the next one. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README.md', () => {
  it('has only absolute links, which work on the registry page', () => {
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((link) => !link.startsWith('https://'))).toEqual([]);
  });

  it('links into this repository point at files and headings that exist on its main branch', () => {
    const own = links.filter((link) => link.startsWith(repository));
    expect(own.length).toBeGreaterThan(5);
    for (const link of own) {
      const [address = '', hash] = link.split('#');
      const path = address === repository ? 'README.md' : address.replace(`${repository}/blob/main/`, '');
      expect(path, link).not.toMatch(/^https?:/);
      expect(existsSync(join(root, path)), `${link}: no file ${path}`).toBe(true);
      if (hash !== undefined) {
        expect(anchorsOf(readFileSync(join(root, path), 'utf8')), link).toContain(hash);
      }
    }
  });

  it('shows a user how to install and use it before the contributor set-up', () => {
    const useIt = section('Use it');
    expect(readme.indexOf('\n## Use it\n')).toBeLessThan(readme.indexOf('\n## Set up\n'));
    expect(useIt).toContain('npm install keygate');
    expect(useIt).toContain("from 'keygate/twelvelabs'"); // a header key
    expect(useIt).toContain("from 'keygate/modelslab'"); // a body key
    expect(useIt).toMatch(/catch \(error\)[\s\S]*isAuthenticationError\(error\)/); // errors
  });

  it('states the benchmark figures exactly as docs/benchmarks.md last measured them', () => {
    const benchmarks = readFileSync(join(root, 'docs/benchmarks.md'), 'utf8');
    const performance = section('Performance');
    const lastRun = /Last run: (\d{4}-\d{2}-\d{2})/.exec(benchmarks)?.[1];
    expect(performance).toContain(`(${lastRun})`);
    // Every measured figure, with its unit: a stale or rounded one is not in the report.
    const figures = [...performance.matchAll(/\d[\d.,]*\s?(?:ms|MiB|×|%)/g)].map((match) => match[0]);
    expect(figures.length).toBeGreaterThanOrEqual(10);
    expect(figures.filter((figure) => !benchmarks.includes(figure))).toEqual([]);
  });
});
