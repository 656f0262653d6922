import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = `${root}dist/cli.js`;

const scenarioVariables = [
  'TWELVE_LABS_KEY_VALID',
  'TWELVE_LABS_KEY_INVALID',
  'TWELVE_LABS_KEY_EXPIRED',
  'TWELVE_LABS_KEY_FORBIDDEN',
  'TWELVE_LABS_KEY_RATE_LIMITED',
  'MODELSLAB_KEY_VALID',
  'MODELSLAB_KEY_INVALID',
  'MODELSLAB_KEY_NO_CREDITS',
  'MODELSLAB_KEY_FORBIDDEN',
  'MODELSLAB_KEY_RATE_LIMITED',
];

/**
 * Reads what `keygate simulate` printed the way a shell or a dotenv parser would, and fails on
 * any line that is neither a `#` comment nor an unquoted NAME=value.
 */
function parseEnvLines(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# ')) continue;
    const match = /^([A-Z][A-Z0-9_]*)=([^\s'"$`\\]+)$/.exec(line);
    if (!match) throw new Error(`not a comment or NAME=value line: ${JSON.stringify(line)}`);
    variables[match[1] as string] = match[2] as string;
  }
  return variables;
}

/** Captures a command's output in memory; `printed` resolves once the last line is out. */
function memoryIo(env: NodeJS.ProcessEnv = {}, signal?: AbortSignal) {
  const output = { stdout: '', stderr: '' };
  let done: () => void = () => {};
  const printed = new Promise<void>((resolve) => {
    done = resolve;
  });
  const io = {
    stdout: {
      write: (text: string) => {
        output.stdout += text;
        if (output.stdout.includes('# e.g. curl')) done();
      },
    },
    stderr: { write: (text: string) => (output.stderr += text) },
    env,
    ...(signal ? { signal } : {}),
  };
  return { io, output, printed };
}

/** Output with what changes on every start (the port, the keys' random suffixes) made constant. */
const stable = (text: string) =>
  text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/-[0-9a-f]{8}$/gm, '-SUFFIX');

const check = (argv: string[], env: NodeJS.ProcessEnv) => runCli(['check', ...argv], env);

describe('keygate simulate', () => {
  it('prints base URLs and scenario keys that keygate check (and any client) can use as they are', async () => {
    const controller = new AbortController();
    const { io, output, printed } = memoryIo({}, controller.signal);
    const running = main(['simulate'], io);
    await printed;
    const printedVars = parseEnvLines(output.stdout);

    expect(printedVars.TWELVE_LABS_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.3$/);
    expect(printedVars.MODELSLAB_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v6$/);
    expect(Object.keys(printedVars)).toEqual(
      expect.arrayContaining(['TWELVE_LABS_API_KEY', 'MODELSLAB_API_KEY', ...scenarioVariables]),
    );
    expect(printedVars.TWELVE_LABS_API_KEY).toBe(printedVars.TWELVE_LABS_KEY_VALID);
    expect(output.stdout).not.toContain('\u001b[');

    // docs/testing.md shows the whole output: it must be this, but for the port and the keys.
    const docs = readFileSync(`${root}docs/testing.md`, 'utf8');
    const shown = /## The simulator from the command line\n[\s\S]*?```text\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(stable(shown ?? '')).toBe(stable(output.stdout));

    // The printed lines, as an environment: check reads the base URLs and the valid keys from it.
    const ok = await check([], printedVars);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^TwelveLabs {2}valid .*\nModelsLab {3}valid /);

    // A scenario key, swapped in, plays its scenario.
    const expired = await check(['--provider', 'twelvelabs'], {
      ...printedVars,
      TWELVE_LABS_API_KEY: printedVars.TWELVE_LABS_KEY_EXPIRED,
    });
    expect(expired.code).toBe(1);
    expect(expired.stdout).toMatch(/^TwelveLabs {2}invalid or expired /);
    const noCredits = await check(['--base-url', printedVars.MODELSLAB_BASE_URL as string], {
      MODELSLAB_API_KEY: printedVars.MODELSLAB_KEY_NO_CREDITS,
    });
    expect(noCredits.stdout).toMatch(/^ModelsLab {2}no credits /);

    controller.abort();
    expect(await running).toBe(0);
    expect(output.stderr).toBe('keygate simulate: stopped after 4 request(s).\n');
    // Closed: the port no longer answers.
    await expect(fetch(`${printedVars.TWELVE_LABS_BASE_URL}/indexes`)).rejects.toThrow();
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'the built executable serves until %s, then closes and exits 0',
    async (signal) => {
      if (!existsSync(cli))
        throw new Error('dist/cli.js is missing: run `npm run build` before these tests.');
      const child = spawn(process.execPath, [cli, 'simulate'], { env: { PATH: process.env.PATH ?? '' } });
      try {
        const stdout = await readUntil(child, '# e.g. curl');
        const printedVars = parseEnvLines(stdout);
        const response = await fetch(`${printedVars.TWELVE_LABS_BASE_URL}/indexes`, {
          headers: { 'x-api-key': printedVars.TWELVE_LABS_API_KEY as string },
        });
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ data: [] });

        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
          child.once('exit', (code, killedBy) => resolve([code, killedBy])),
        );
        child.kill(signal);
        // Exit code 0 and no killing signal: the command handled it and closed the server.
        expect(await exited).toEqual([0, null]);
        expect(stderr).toBe('keygate simulate: stopped after 1 request(s).\n');
        await expect(fetch(`${printedVars.TWELVE_LABS_BASE_URL}/indexes`)).rejects.toThrow();
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  );
});

/** The child's stdout up to and including the line that contains `marker`. */
function readUntil(child: ChildProcessWithoutNullStreams, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n', text.indexOf(marker));
      if (text.includes(marker) && end !== -1) {
        child.stdout.off('data', onData);
        resolve(text.slice(0, end + 1));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`keygate simulate exited (${code}) before printing`)));
  });
}
