import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { runCli } from '../helpers/cli.js';
import { useNock } from '../helpers/no-network.js';

// A check that escaped to production would fail as unreachable instead of passing quietly.
useNock();

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(async () => {
  await sim.close();
});

const envFor = (twelvelabs: string, modelslab: string) => ({
  TWELVE_LABS_API_KEY: twelvelabs,
  MODELSLAB_API_KEY: modelslab,
});

describe('keygate check', () => {
  it('says ok for both valid keys, masks them, and exits 0', async () => {
    const { code, stdout } = await runCli(
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
    const { code, stdout } = await runCli(
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
    const { code, stdout } = await runCli(
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
    const { code, stdout } = await runCli(
      ['check', '--provider', 'twelvelabs', '--base-url', sim.origin],
      {},
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/^TwelveLabs\s+no key\s+TWELVE_LABS_API_KEY not set/);
    expect(sim.requests.length).toBe(before);
  });

  it('lays its lines out in columns at least two spaces apart, however long a cell is', async () => {
    const { stdout } = await runCli(['check', '--base-url', sim.origin], {});
    expect(stdout).toBe(
      [
        'TwelveLabs  no key  TWELVE_LABS_API_KEY not set  Set TWELVE_LABS_API_KEY to check it.',
        'ModelsLab   no key  MODELSLAB_API_KEY not set    Set MODELSLAB_API_KEY to check it.',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [
      'TwelveLabs',
      'twelvelabs',
      /^TwelveLabs {2}ok {2}key tl-s… {2}GET \/indexes answered; \d+ index\(es\)\.$/,
    ],
    ['ModelsLab', 'modelslab', /^ModelsLab {2}ok {2}key ml-s… {2}Wallet balance 25 USD\.$/],
  ] as const)(
    "takes the simulator's %s baseUrl as printed, and checks that provider only",
    async (_, provider, line) => {
      const before = sim.requests.length;
      for (const baseUrl of [sim[provider].baseUrl, `${sim[provider].baseUrl}/`]) {
        const { code, stdout } = await runCli(
          ['check', '--base-url', baseUrl],
          envFor(sim.keys.twelvelabs.valid, sim.keys.modelslab.valid),
        );
        expect(code).toBe(0);
        expect(stdout.trim().split('\n')).toEqual([expect.stringMatching(line)]);
      }
      expect(sim.requests.slice(before).map((request) => request.provider)).toEqual([provider, provider]);
    },
  );

  it('accepts --provider naming the same provider as the base URL, and refuses another', async () => {
    const env = envFor(sim.keys.twelvelabs.valid, sim.keys.modelslab.valid);
    const same = await runCli(
      ['check', '--provider', 'twelvelabs', '--base-url', sim.twelvelabs.baseUrl],
      env,
    );
    expect(same.code).toBe(0);
    for (const provider of ['modelslab', 'all']) {
      const other = await runCli(
        ['check', '--provider', provider, '--base-url', sim.twelvelabs.baseUrl],
        env,
      );
      expect(other.code).toBe(2);
      expect(other.stderr).toContain(`cannot check --provider ${provider}`);
    }
  });

  it('without --base-url, sends where TWELVE_LABS_BASE_URL and MODELSLAB_BASE_URL say, as the clients do', async () => {
    const before = sim.requests.length;
    const { code, stdout } = await runCli(['check'], {
      ...envFor(sim.keys.twelvelabs.valid, sim.keys.modelslab.valid),
      TWELVE_LABS_BASE_URL: sim.twelvelabs.baseUrl,
      MODELSLAB_BASE_URL: sim.modelslab.baseUrl,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^TwelveLabs {2}ok .*\nModelsLab {3}ok /);
    expect(sim.requests.slice(before).map((request) => request.path)).toEqual([
      '/v1.3/indexes',
      '/api/wallet_balance',
    ]);
  });

  it.each([
    [['check', '--base-url', 'http://api.example.com'], 'must use https'],
    [['check', '--base-url', 'http://api.example.com/v1.3'], 'must use https'],
    [['check', '--base-url', 'ftp://127.0.0.1:21'], 'must use https'],
  ])('refuses the insecure %j as a usage error (exit 2), before any key is sent', async (argv, message) => {
    const before = sim.requests.length;
    const { code, stdout, stderr } = await runCli(argv, envFor('tl-test-key', 'ml-test-key'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toContain('tl-test-key');
    expect(sim.requests.length).toBe(before);
  });

  it('refuses an insecure TWELVE_LABS_BASE_URL as a usage error too, naming the variable', async () => {
    const { code, stdout, stderr } = await runCli(['check'], {
      ...envFor('tl-test-key', 'ml-test-key'),
      TWELVE_LABS_BASE_URL: 'http://api.example.com/v1.3',
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^keygate: TWELVE_LABS_BASE_URL is refused: .*https/);
  });

  it('reports a closed port as unreachable', async () => {
    const closed = await createSimulator();
    await closed.close();
    const { code, stdout } = await runCli(
      ['check', '--provider', 'twelvelabs', '--base-url', closed.origin],
      {
        TWELVE_LABS_API_KEY: 'tl-test-key-unreachable',
      },
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/^TwelveLabs\s+unreachable\s/);
  });

  it.each([
    [['check', '--provider', 'openai']],
    [['check', '--base-url', 'http://127.0.0.1:1/v2']],
    [['check', '--base-url', 'http://127.0.0.1:1/api/v6/images']],
    [['check', '--base-url', 'http://127.0.0.1:1/?page=1']],
    [['check', '--base-url', 'http://user:secret@127.0.0.1:1']],
    [['check', '--base-url', 'not a url']],
    [['check', '--nope']],
    [['check', 'extra']],
    [['frobnicate']],
    [[]],
    [['demo', '--json']],
    [['simulate', '--base-url', 'http://127.0.0.1:1']],
  ])('exits 2 with a usage message for %j', async (argv) => {
    const { code, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^keygate: .+\nRun "keygate --help" for usage\.\n$/);
  });

  it('--help explains the commands and exit codes', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('keygate check [--provider twelvelabs|modelslab|all]');
    expect(stdout).toContain('keygate simulate');
    expect(stdout).toContain('Exit status: 0');
  });
});
