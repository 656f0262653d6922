import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(async () => {
  await sim.close();
});

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}

const envFor = (twelvelabs: string, modelslab: string) => ({
  TWELVE_LABS_API_KEY: twelvelabs,
  MODELSLAB_API_KEY: modelslab,
});

describe('keygate check', () => {
  it('says ok for both valid keys, masks them, and exits 0', async () => {
    const { code, stdout } = await run(
      ['check', '--base-url', sim.origin],
      envFor(sim.keys.twelvelabs.valid, sim.keys.modelslab.valid),
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^TwelveLabs\s+ok\s+key tl-s…/);
    expect(lines[1]).toMatch(/^ModelsLab\s+ok\s+key ml-s….*Wallet balance 25 USD/);
    expect(stdout).not.toContain(sim.keys.twelvelabs.valid);
    expect(stdout).not.toContain(sim.keys.modelslab.valid);
    expect(stdout).not.toContain('\u001b[');
  });

  it.each([
    ['invalid', 'invalid', 'invalid or expired key', 'invalid or expired key'],
    ['expired', 'noCredits', 'invalid or expired key', 'no credits'],
    ['forbidden', 'forbidden', 'forbidden', 'forbidden'],
    ['rateLimited', 'rateLimited', 'rate limited', 'rate limited'],
  ] as const)('TwelveLabs %s / ModelsLab %s → "%s" / "%s", exit 1', async (tl, ml, tlLabel, mlLabel) => {
    const { code, stdout } = await run(
      ['check', '--base-url', sim.origin],
      envFor(sim.keys.twelvelabs[tl], sim.keys.modelslab[ml]),
    );
    expect(code).toBe(1);
    const [first, second] = stdout.trim().split('\n');
    expect(first).toMatch(new RegExp(`^TwelveLabs\\s+${tlLabel}\\s`));
    expect(second).toMatch(new RegExp(`^ModelsLab\\s+${mlLabel}\\s`));
    expect(stdout).not.toContain(sim.keys.twelvelabs[tl]);
    expect(stdout).not.toContain(sim.keys.modelslab[ml]);
  });

  it('checks one provider with --provider, and gives JSON with --json', async () => {
    const { code, stdout } = await run(
      ['check', '--provider', 'modelslab', '--json', '--base-url', sim.origin],
      {
        MODELSLAB_API_KEY: sim.keys.modelslab.valid,
      },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        provider: 'ModelsLab',
        env: 'MODELSLAB_API_KEY',
        status: 'ok',
        key: 'ml-s…',
        detail: 'Wallet balance 25 USD.',
      },
    ]);
  });

  it('reports an unset variable as "no key" and exits 1, without calling anything', async () => {
    const before = sim.requests.length;
    const { code, stdout } = await run(['check', '--provider', 'twelvelabs', '--base-url', sim.origin], {});
    expect(code).toBe(1);
    expect(stdout).toMatch(/^TwelveLabs\s+no key\s+TWELVE_LABS_API_KEY not set/);
    expect(sim.requests.length).toBe(before);
  });

  it('reports a closed port as unreachable', async () => {
    const closed = await createSimulator();
    await closed.close();
    const { code, stdout } = await run(['check', '--provider', 'twelvelabs', '--base-url', closed.origin], {
      TWELVE_LABS_API_KEY: 'tl-test-key-unreachable',
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^TwelveLabs\s+unreachable\s/);
  });

  it.each([
    [['check', '--provider', 'openai']],
    [['check', '--base-url', 'http://127.0.0.1:1/v1.3']],
    [['check', '--base-url', 'not a url']],
    [['check', '--nope']],
    [['check', 'extra']],
    [['frobnicate']],
    [[]],
    [['demo', '--json']],
  ])('exits 2 with a usage message for %j', async (argv) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^keygate: .+\nRun "keygate --help" for usage\.\n$/);
  });

  it('--help explains the commands and exit codes', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('keygate check [--provider twelvelabs|modelslab|all]');
    expect(stdout).toContain('Exit status: 0');
  });
});
