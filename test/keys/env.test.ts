import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { fromEnv } from '../../src/keys/env.js';
import { issueFrom } from '../../src/keys/validate.js';
import { everyRendering } from '../helpers/secrets.js';

const NAME = 'KEYGATE_ENV_TEST_KEY';
const ALIAS = 'KEYGATE_ENV_TEST_ALIAS';
const variables = [NAME, `${NAME}_FILE`, ALIAS, `${ALIAS}_FILE`];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keygate-env-'));
});
afterEach(async () => {
  for (const variable of variables) delete process.env[variable];
  await rm(dir, { recursive: true, force: true });
});

const ask = { refresh: false } as const;

/** The error a source's issueKey fails with, through the path the transport uses. */
async function failure(source: ReturnType<typeof fromEnv>): Promise<Error> {
  const error = await issueFrom(source, 'header', ask).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as Error;
}

describe('fromEnv', () => {
  it('README example: reads the official SDK spelling too, and says which variable it used', async () => {
    process.env[ALIAS] = 'tl-test-key';
    const key = fromEnv(NAME, { aliases: [ALIAS] });
    await expect(key.issueKey(ask)).resolves.toEqual({ key: 'tl-test-key', origin: `env ${ALIAS}` });
  });

  it('reads NAME at each request and carries the key facts it was given', async () => {
    const issuedAt = new Date('2026-01-15T00:00:00Z');
    const key = fromEnv(NAME, { issuedAt, maxAgeDays: 90 });
    process.env[NAME] = 'tl-test-key-1';
    await expect(key.issueKey(ask)).resolves.toEqual({
      key: 'tl-test-key-1',
      origin: `env ${NAME}`,
      issuedAt,
      maxAgeDays: 90,
    });
    process.env[NAME] = 'tl-test-key-2';
    await expect(issueFrom(key, 'header', ask)).resolves.toMatchObject({ key: 'tl-test-key-2' });
  });

  it('reads NAME_FILE (Docker secrets), trimming one trailing newline, and names the file and variable', async () => {
    const path = join(dir, 'twelvelabs');
    await writeFile(path, 'tl-test-key\n');
    process.env[`${NAME}_FILE`] = path;
    await expect(fromEnv(NAME).issueKey(ask)).resolves.toEqual({
      key: 'tl-test-key',
      origin: `file ${path} (${NAME}_FILE)`,
    });
  });

  it('does not check the mode of a NAME_FILE file: Docker mounts secrets 0444', async () => {
    const path = join(dir, 'twelvelabs');
    await writeFile(path, 'tl-test-key');
    await chmod(path, 0o444);
    process.env[`${NAME}_FILE`] = path;
    await expect(issueFrom(fromEnv(NAME), 'header', ask)).resolves.toMatchObject({ key: 'tl-test-key' });
  });

  it('picks up a rewritten NAME_FILE at once on refresh, and by itself within seconds', async () => {
    const path = join(dir, 'twelvelabs');
    await writeFile(path, 'tl-test-key-old\n');
    process.env[`${NAME}_FILE`] = path;
    const key = fromEnv(NAME);
    await expect(key.issueKey(ask)).resolves.toMatchObject({ key: 'tl-test-key-old' });
    await writeFile(path, 'tl-test-key-new\n');
    await expect(key.issueKey({ refresh: true })).resolves.toMatchObject({ key: 'tl-test-key-new' });
    await writeFile(path, 'tl-test-key-newer\n');
    await vi.waitFor(async () => expect((await key.issueKey(ask)).key).toBe('tl-test-key-newer'), {
      timeout: 3000,
      interval: 50,
    });
  });

  it('refuses NAME and NAME_FILE set together, naming both and quoting neither', async () => {
    const path = join(dir, 'twelvelabs');
    await writeFile(path, 'tl-test-key-file');
    process.env[NAME] = 'tl-test-key-env';
    process.env[`${NAME}_FILE`] = path;
    const error = await failure(fromEnv(NAME));
    expect(error.message).toContain(`Both ${NAME} and ${NAME}_FILE are set`);
    expect(everyRendering(error)).not.toContain('tl-test-key');
  });

  it('tries NAME, NAME_FILE, then each alias and its _FILE, in that order', async () => {
    const key = fromEnv(NAME, { aliases: [ALIAS] });
    const aliasFile = join(dir, 'alias');
    await writeFile(aliasFile, 'tl-test-key-alias-file');
    process.env[`${ALIAS}_FILE`] = aliasFile;
    await expect(key.issueKey(ask)).resolves.toMatchObject({ origin: `file ${aliasFile} (${ALIAS}_FILE)` });
    const nameFile = join(dir, 'name');
    await writeFile(nameFile, 'tl-test-key-name-file');
    process.env[`${NAME}_FILE`] = nameFile;
    await expect(key.issueKey(ask)).resolves.toMatchObject({
      key: 'tl-test-key-name-file',
      origin: `file ${nameFile} (${NAME}_FILE)`,
    });
    delete process.env[`${NAME}_FILE`];
    process.env[NAME] = 'tl-test-key-name';
    await expect(key.issueKey(ask)).resolves.toMatchObject({
      key: 'tl-test-key-name',
      origin: `env ${NAME}`,
    });
  });

  it('treats an empty variable as unset and moves on to the alias', async () => {
    process.env[NAME] = '';
    process.env[`${NAME}_FILE`] = '';
    process.env[ALIAS] = 'tl-test-key';
    await expect(fromEnv(NAME, { aliases: [ALIAS] }).issueKey(ask)).resolves.toMatchObject({
      origin: `env ${ALIAS}`,
    });
  });

  it('names every variable it tried and the option when none is set', async () => {
    const error = await failure(fromEnv(NAME, { aliases: [ALIAS], option: 'apiKey' }));
    for (const variable of variables) expect(error.message).toContain(variable);
    expect(error.message).toContain(`pass \`apiKey\` or set ${NAME} (or ${ALIAS})`);
  });

  it('names the file and the variable when NAME_FILE points nowhere, and never a key', async () => {
    process.env[ALIAS] = 'tl-test-key';
    const path = join(dir, 'missing');
    process.env[`${NAME}_FILE`] = path;
    const error = await failure(fromEnv(NAME, { aliases: [ALIAS] }));
    expect(error.message).toContain(`${path} (${NAME}_FILE): it does not exist`);
    expect(everyRendering(error)).not.toContain('tl-test-key');
  });

  it('refuses a NAME_FILE file too large to be a key, without quoting it', async () => {
    const path = join(dir, 'big');
    await writeFile(path, 'tl-test-key'.repeat(10_000));
    process.env[`${NAME}_FILE`] = path;
    const error = await failure(fromEnv(NAME));
    expect(error.message).toMatch(/too large \(110000 bytes; a key file may have at most 65536 bytes\)/);
    expect(everyRendering(error)).not.toContain('tl-test-key');
  });

  it('reads another environment when given one (a check of a child process, a test)', async () => {
    process.env[NAME] = 'tl-test-key-process';
    const env: Record<string, string> = {};
    const key = fromEnv(NAME, { env });
    env[NAME] = 'tl-test-key-given';
    await expect(key.issueKey(ask)).resolves.toMatchObject({ key: 'tl-test-key-given' });
  });

  it.each([
    ['a name', 'not a name', {}],
    ['an alias', NAME, { aliases: ['TWELVELABS-API-KEY'] }],
  ])('refuses %s that is not an environment variable name', (_label, name, options) => {
    expect(() => fromEnv(name, options)).toThrow(ConfigurationError);
  });

  it('refuses key facts that cannot be right', () => {
    expect(() => fromEnv(NAME, { maxAgeDays: 0 })).toThrow(/maxAgeDays/);
    expect(() => fromEnv(NAME, { issuedAt: new Date('not a date') })).toThrow(/issuedAt/);
  });
});

describe('fromEnv: NAME_ISSUED_AT', () => {
  it('gives the issue date of the variable that supplied the key, and refuses a date that is not one', async () => {
    const env = { TL_KEY_ISSUED_AT: '2026-01-31', TL_ALIAS: 'tl-test-key', TL_ALIAS_ISSUED_AT: '2026-02-01' };
    const issued = await fromEnv('TL_KEY', { aliases: ['TL_ALIAS'], env }).issueKey({ refresh: false });
    expect(issued).toMatchObject({ origin: 'env TL_ALIAS', issuedAt: new Date('2026-02-01') });
    const bad = fromEnv('TL_KEY', { env: { TL_KEY: 'tl-test-key', TL_KEY_ISSUED_AT: 'tl-test-key' } });
    const error = await Promise.resolve()
      .then(() => bad.issueKey({ refresh: false }))
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/TL_KEY_ISSUED_AT must be an ISO date/);
    expect((error as Error).message).not.toContain('tl-test-key');
  });
});
