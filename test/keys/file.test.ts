import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { type FileKeyIssuer, fromFile } from '../../src/keys/file.js';
import { issueFrom } from '../../src/keys/validate.js';
import { everyRendering } from '../helpers/secrets.js';

const posix = process.platform !== 'win32';
const ask = { refresh: false } as const;
/** Longer than the 1 s bound between two looks at a cached file. */
const pastRecheck = 1300;

let dir: string;
const sources: FileKeyIssuer[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keygate-file-'));
});
afterEach(async () => {
  for (const source of sources.splice(0)) source.close();
  await rm(dir, { recursive: true, force: true });
});

/** A key file with owner-only permissions, as the docs tell users to make it. */
async function keyFile(content: string, name = 'api-key'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

function open(path: string, options?: Parameters<typeof fromFile>[1]): FileKeyIssuer {
  const source = fromFile(path, options);
  sources.push(source);
  return source;
}

async function keyOf(source: FileKeyIssuer, refresh = false): Promise<string> {
  return (await issueFrom(source, 'header', { refresh })).key;
}

async function failure(source: FileKeyIssuer): Promise<Error> {
  const error = await issueFrom(source, 'header', ask).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as Error;
}

function waitForKey(source: FileKeyIssuer, expected: string): Promise<void> {
  return vi.waitFor(async () => expect(await keyOf(source)).toBe(expected), { timeout: 4000, interval: 25 });
}

describe('fromFile', () => {
  it('README example: reads the key on first use, trims the newline, and names the file', async () => {
    const path = await keyFile('tl-test-key\n');
    const key = open(path, { issuedAt: new Date('2026-01-15'), maxAgeDays: 90 });
    await expect(key.issueKey(ask)).resolves.toEqual({
      key: 'tl-test-key',
      origin: `file ${path}`,
      issuedAt: new Date('2026-01-15'),
      maxAgeDays: 90,
    });
  });

  it('reads lazily: a file that does not exist yet is no error until a key is needed', async () => {
    const path = join(dir, 'api-key');
    const key = open(path);
    await keyFile('tl-test-key');
    await expect(keyOf(key)).resolves.toBe('tl-test-key');
  });

  it('trims exactly one trailing \\n or \\r\\n and leaves anything else for validation to refuse', async () => {
    await expect(keyOf(open(await keyFile('tl-test-key\r\n', 'crlf')))).resolves.toBe('tl-test-key');
    const error = await failure(open(await keyFile('tl-test-key\n\n', 'two')));
    expect(error.message).toMatch(/control character/);
    expect(everyRendering(error)).not.toContain('tl-test-key');
  });

  describe('rotation without a restart', () => {
    it('picks up a file rewritten in place', async () => {
      const path = await keyFile('tl-test-key-old\n');
      const key = open(path);
      await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
      await writeFile(path, 'tl-test-key-new\n');
      await waitForKey(key, 'tl-test-key-new');
    });

    it('picks up a new file renamed over the old one', async () => {
      const path = await keyFile('tl-test-key-old\n');
      const key = open(path);
      await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
      await rename(await keyFile('tl-test-key-new\n', '.api-key.tmp'), path);
      await waitForKey(key, 'tl-test-key-new');
    });

    it.skipIf(!posix)(
      "picks up a Kubernetes secret volume update (the atomic '..data' symlink swap)",
      async () => {
        // The layout kubelet's AtomicWriter makes: key -> ..data/key, ..data -> ..<timestamp>/.
        await mkdir(join(dir, '..2026_01_15'));
        await writeFile(join(dir, '..2026_01_15', 'api-key'), 'tl-test-key-old\n', { mode: 0o400 });
        await symlink('..2026_01_15', join(dir, '..data'));
        await symlink(join('..data', 'api-key'), join(dir, 'api-key'));
        const key = open(join(dir, 'api-key'));
        await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
        await mkdir(join(dir, '..2026_04_15'));
        await writeFile(join(dir, '..2026_04_15', 'api-key'), 'tl-test-key-new\n', { mode: 0o400 });
        await symlink('..2026_04_15', join(dir, '..data_tmp'));
        await rename(join(dir, '..data_tmp'), join(dir, '..data'));
        await rm(join(dir, '..2026_01_15'), { recursive: true });
        await waitForKey(key, 'tl-test-key-new');
      },
    );

    it('re-reads at once on { refresh: true } (the provider refused the key)', async () => {
      const path = await keyFile('tl-test-key-old');
      const key = open(path, { watch: false });
      await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
      await writeFile(path, 'tl-test-key-new');
      await expect(keyOf(key, true)).resolves.toBe('tl-test-key-new');
    });

    it('with watch: false, reads the file once and again only on refresh', async () => {
      const path = await keyFile('tl-test-key-old');
      const key = open(path, { watch: false });
      await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
      await writeFile(path, 'tl-test-key-new');
      await new Promise((resolve) => setTimeout(resolve, pastRecheck));
      await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
      await expect(keyOf(key, true)).resolves.toBe('tl-test-key-new');
    });

    it('keeps the last good key while the file is briefly missing, and a refresh says why', async () => {
      const path = await keyFile('tl-test-key-old');
      const key = open(path);
      await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
      await unlink(path);
      await new Promise((resolve) => setTimeout(resolve, pastRecheck));
      await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
      await expect(keyOf(key, true)).rejects.toThrow(
        `Cannot read the API key from file ${path}: it does not exist.`,
      );
    });
  });

  describe('close()', () => {
    it('stops watching: later changes wait for a refresh', async () => {
      const path = await keyFile('tl-test-key-old');
      const key = open(path);
      await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
      key.close();
      key.close();
      await writeFile(path, 'tl-test-key-new');
      await new Promise((resolve) => setTimeout(resolve, pastRecheck));
      await expect(keyOf(key)).resolves.toBe('tl-test-key-old');
      await expect(keyOf(key, true)).resolves.toBe('tl-test-key-new');
    });

    it('the watcher never keeps the process alive', async () => {
      const watchers = () => process.getActiveResourcesInfo().filter((name) => name === 'FSEventWrap').length;
      const before = watchers();
      await keyOf(open(await keyFile('tl-test-key')));
      expect(watchers()).toBe(before);
    });
  });

  describe.skipIf(!posix)('permissions', () => {
    it.each([
      [0o644, 'allowWorldReadable', 'anyone on the machine'],
      [0o604, 'allowWorldReadable', 'anyone on the machine'],
      [0o640, 'allowGroupReadable', 'its group'],
      [0o660, 'allowGroupReadable', 'its group'],
    ])('refuses mode 0%s, naming the path, the mode, chmod and %s', async (mode, option, who) => {
      const path = await keyFile('tl-test-key');
      await chmod(path, mode);
      const error = await failure(open(path));
      const octal = `0${mode.toString(8)}`;
      expect(error.message).toBe(
        `The API key file ${path} has mode ${octal}: ${who} may read or change it. ` +
          `Restrict it with \`chmod 600 ${path}\` (on Kubernetes, set \`defaultMode: 0400\` on the secret volume), ` +
          `or pass \`${option}: true\` to fromFile if that is intended.`,
      );
      expect(everyRendering(error)).not.toContain('tl-test-key');
    });

    it('accepts 0400 and 0600 as they are', async () => {
      const path = await keyFile('tl-test-key');
      await chmod(path, 0o400);
      await expect(keyOf(open(path))).resolves.toBe('tl-test-key');
    });

    it('allowGroupReadable accepts a group-readable file but still refuses a world-readable one', async () => {
      const path = await keyFile('tl-test-key');
      await chmod(path, 0o440);
      await expect(keyOf(open(path, { allowGroupReadable: true }))).resolves.toBe('tl-test-key');
      await chmod(path, 0o444);
      await expect(failure(open(path, { allowGroupReadable: true }))).resolves.toHaveProperty(
        'message',
        expect.stringContaining('allowWorldReadable: true'),
      );
    });

    it('allowWorldReadable accepts a world-readable file (e.g. a Docker secret, 0444)', async () => {
      const path = await keyFile('tl-test-key');
      await chmod(path, 0o444);
      await expect(keyOf(open(path, { allowWorldReadable: true }))).resolves.toBe('tl-test-key');
    });
  });

  describe('unreadable files: the path and the reason, never the content', () => {
    it('a missing file, and a file in a missing directory', async () => {
      for (const path of [join(dir, 'api-key'), join(dir, 'nowhere', 'api-key')]) {
        const error = await failure(open(path));
        expect(error.message).toBe(`Cannot read the API key from file ${path}: it does not exist.`);
      }
    });

    it('a directory', async () => {
      const error = await failure(open(dir));
      expect(error.message).toBe(`Cannot read the API key from file ${dir}: it is a directory.`);
    });

    it('a path through a file', async () => {
      const path = join(await keyFile('tl-test-key'), 'api-key');
      const error = await failure(open(path));
      expect(error.message).toContain('a part of the path is not a directory');
    });

    it.skipIf(!posix || process.getuid?.() === 0)('a file this process may not read', async () => {
      const path = await keyFile('tl-test-key');
      await chmod(path, 0o000);
      const error = await failure(open(path));
      expect(error.message).toContain(`${path}: permission denied`);
    });

    it('a file too large to be a key, refused by its size', async () => {
      const path = await keyFile(`tl-test-key${'x'.repeat(64 * 1024)}`);
      const error = await failure(open(path));
      expect(error.message).toContain('too large (65547 bytes; a key file may have at most 65536 bytes)');
      expect(everyRendering(error)).not.toContain('tl-test-key');
    });

    it('an empty file', async () => {
      const path = await keyFile('\n');
      const error = await failure(open(path));
      expect(error.message).toBe(`The API key file is empty: file ${path}. Write the key into it.`);
    });

    it.skipIf(!posix)('a named pipe, without waiting for a writer', async () => {
      const path = join(dir, 'pipe');
      execFileSync('mkfifo', ['-m', '600', path]);
      const error = await failure(open(path));
      expect(error.message).toContain('it is not a regular file');
    });
  });

  it("a read honours the attempt's signal", async () => {
    const key = open(await keyFile('tl-test-key'));
    const reason = new Error('attempt over');
    await expect(key.issueKey({ refresh: false, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('refuses an empty path and invalid key facts at once', () => {
    expect(() => fromFile('')).toThrow(ConfigurationError);
    expect(() => fromFile('/x', { maxAgeDays: 1.5 })).toThrow(/maxAgeDays/);
  });
});
