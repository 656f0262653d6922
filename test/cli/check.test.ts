import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsLabKeyProbe } from '../../providers/modelslab/index.js';
import { twelveLabsKeyProbe } from '../../providers/twelvelabs/index.js';
import { checkKeySource } from '../../src/keys/check-keys.js';
import { keyFingerprint } from '../../src/keys/fingerprint.js';
import { keyPool } from '../../src/keys/pool.js';
import { withKeyInfo } from '../../src/keys/with-key-info.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { runCli } from '../helpers/cli.js';
import { useNock } from '../helpers/no-network.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

// A check that escaped to production would fail as unverifiable instead of passing quietly.
useNock();

/** Fake keys the simulator knows, besides its own scenario keys. */
const fake = {
  valid: 'tl-test-key',
  invalid: 'tl-test-key-revoked',
  rateLimited: 'tl-test-key-busy',
  file: 'tl-test-key-from-file',
  modelslab: 'ml-test-key',
};

let sim: Simulator;
let statusServer: TestServer;
let dir: string;
beforeAll(async () => {
  sim = await createSimulator({
    keys: {
      twelvelabs: {
        [fake.valid]: 'valid',
        [fake.invalid]: 'invalid',
        [fake.rateLimited]: 'rateLimited',
        [fake.file]: 'valid',
      },
      modelslab: { [fake.modelslab]: 'valid' },
    },
  });
  // Answers GET /v1.3/indexes with the status the key names (`tl-status-402` → 402).
  statusServer = await startServer((request, response) => {
    const status = Number(/^tl-status-(\d{3})$/.exec(String(request.headers['x-api-key']))?.[1]);
    sendJson(response, status, { code: `status_${status}`, message: `Answered ${status}.` });
  });
  dir = await mkdtemp(join(tmpdir(), 'keygate-check-'));
});
afterAll(async () => {
  await sim.close();
  await statusServer.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every key any test uses: none may ever be printed. */
const secrets = () => [
  ...Object.values(fake),
  ...Object.values(sim.keys.twelvelabs),
  ...Object.values(sim.keys.modelslab),
  ...[401, 402, 403, 429, 500].map((status) => `tl-status-${status}`),
];

/** Runs `keygate`, and checks that no key appears in what it wrote. */
async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await runCli(argv, env);
  for (const secret of secrets()) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
  return result;
}

const envFor = (twelvelabs: string, modelslab: string) => ({
  TWELVE_LABS_API_KEY: twelvelabs,
  MODELSLAB_API_KEY: modelslab,
});
const tl = (key: string) => keyFingerprint(key, 'twelvelabs');
const ml = (key: string) => keyFingerprint(key, 'modelslab');

/** Writes a key file with the given mode, and returns its path. */
async function keyFile(name: string, content: string, mode: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  await chmod(path, mode);
  return path;
}

describe('keygate check', () => {
  it('says valid for both keys, by fingerprint and origin, and exits 0', async () => {
    const { code, stdout } = await cli(
      ['check', '--base-url', sim.origin],
      envFor(sim.keys.twelvelabs.valid, sim.keys.modelslab.valid),
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^TwelveLabs {2}valid {2}${tl(sim.keys.twelvelabs.valid)} {2}env TWELVE_LABS_API_KEY {2}GET /indexes`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^ModelsLab {3}valid {2}${ml(sim.keys.modelslab.valid)} {3}env MODELSLAB_API_KEY {4}Wallet balance 25 USD\\.$`,
      ),
    );
    expect(stdout).not.toContain('\u001b[');
  });

  it.each([
    ['invalid', 'invalid', 'invalid or expired', 'invalid or expired'],
    ['expired', 'noCredits', 'invalid or expired', 'no credits'],
    ['forbidden', 'forbidden', 'plan-limited', 'plan-limited'],
    ['rateLimited', 'rateLimited', 'rate-limited', 'rate-limited'],
  ] as const)(
    'TwelveLabs %s / ModelsLab %s → "%s" / "%s", exit 1',
    async (tlKey, mlKey, tlLabel, mlLabel) => {
      const { code, stdout } = await cli(
        ['check', '--base-url', sim.origin],
        envFor(sim.keys.twelvelabs[tlKey], sim.keys.modelslab[mlKey]),
      );
      expect(code).toBe(1);
      const [first, second] = stdout.trim().split('\n');
      expect(first).toMatch(new RegExp(`^TwelveLabs\\s+${tlLabel}\\s+${tl(sim.keys.twelvelabs[tlKey])}\\s`));
      expect(second).toMatch(new RegExp(`^ModelsLab\\s+${mlLabel}\\s+${ml(sim.keys.modelslab[mlKey])}\\s`));
    },
  );

  it.each([
    [402, 'no credits', 'no_credits'],
    [403, 'plan-limited', 'plan_limited'],
    [429, 'rate-limited', 'rate_limited'],
    [401, 'invalid or expired', 'invalid'],
    [500, 'error', 'error'],
  ] as const)('reads a TwelveLabs %i as "%s" (%s)', async (status, label, jsonStatus) => {
    const env = { TWELVE_LABS_API_KEY: `tl-status-${status}` };
    const text = await cli(['check', '--provider', 'twelvelabs', '--base-url', statusServer.origin], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      new RegExp(`^TwelveLabs {2}${label} {2}twelvelabs:[0-9a-f]{8} {2}env TWELVE_LABS_API_KEY {2}`),
    );
    const json = await cli(
      ['check', '--provider', 'twelvelabs', '--json', '--base-url', statusServer.origin],
      env,
    );
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ status: jsonStatus })]);
  });

  it('checks one provider with --provider, and gives JSON with --json', async () => {
    const { code, stdout } = await cli(
      ['check', '--provider', 'modelslab', '--json', '--base-url', sim.origin],
      {
        MODELSLAB_API_KEY: sim.keys.modelslab.valid,
      },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toStrictEqual([
      {
        provider: 'ModelsLab',
        status: 'valid',
        fingerprint: ml(sim.keys.modelslab.valid),
        origin: 'env MODELSLAB_API_KEY',
        balance: 25,
        currency: 'USD',
        detail: 'Wallet balance 25 USD.',
      },
    ]);
  });

  it('warns about a low ModelsLab balance, yet counts the key as valid', async () => {
    const low = await createSimulator({
      keys: { modelslab: { 'ml-test-low-balance': 'valid' } },
      modelslab: { balances: { 'ml-test-low-balance': 3 } },
    });
    try {
      const env = { MODELSLAB_API_KEY: 'ml-test-low-balance' };
      const text = await cli(['check', '--provider', 'modelslab', '--base-url', low.origin], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(
        /^ModelsLab {2}valid, low balance {2}modelslab:[0-9a-f]{8} {2}env MODELSLAB_API_KEY {2}Wallet balance 3 USD: low \(below 5\), top up soon\.$/m,
      );
      const json = await cli(['check', '--provider', 'modelslab', '--json', '--base-url', low.origin], env);
      expect(JSON.parse(json.stdout)).toEqual([
        expect.objectContaining({ status: 'valid', balance: 3, lowBalance: true }),
      ]);
    } finally {
      await low.close();
    }
  });

  it('reports an unset variable as "missing" and exits 1, without calling anything', async () => {
    const before = sim.requests.length;
    const { code, stdout } = await cli(['check', '--provider', 'twelvelabs', '--base-url', sim.origin], {});
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^TwelveLabs\s+missing\s+-\s+env TWELVE_LABS_API_KEY\s+Set TWELVE_LABS_API_KEY, or/,
    );
    expect(sim.requests.length).toBe(before);
  });

  it('lays its lines out in columns at least two spaces apart, however long a cell is', async () => {
    const { stdout } = await cli(['check', '--base-url', sim.origin], {});
    expect(stdout).toBe(
      [
        'TwelveLabs  missing  -  env TWELVE_LABS_API_KEY  Set TWELVE_LABS_API_KEY, or TWELVE_LABS_API_KEY_FILE to a file that holds the key, to check it.',
        'ModelsLab   missing  -  env MODELSLAB_API_KEY    Set MODELSLAB_API_KEY, or MODELSLAB_API_KEY_FILE to a file that holds the key, to check it.',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [
      'TwelveLabs',
      'twelvelabs',
      /^TwelveLabs {2}valid {2}twelvelabs:[0-9a-f]{8} {2}env TWELVE_LABS_API_KEY {2}GET \/indexes answered; \d+ index\(es\)\.$/,
    ],
    [
      'ModelsLab',
      'modelslab',
      /^ModelsLab {2}valid {2}modelslab:[0-9a-f]{8} {2}env MODELSLAB_API_KEY {2}Wallet balance 25 USD\.$/,
    ],
  ] as const)(
    "takes the simulator's %s baseUrl as printed, and checks that provider only",
    async (_, provider, line) => {
      const before = sim.requests.length;
      for (const baseUrl of [sim[provider].baseUrl, `${sim[provider].baseUrl}/`]) {
        const { code, stdout } = await cli(
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
    const same = await cli(['check', '--provider', 'twelvelabs', '--base-url', sim.twelvelabs.baseUrl], env);
    expect(same.code).toBe(0);
    for (const provider of ['modelslab', 'all']) {
      const other = await cli(['check', '--provider', provider, '--base-url', sim.twelvelabs.baseUrl], env);
      expect(other.code).toBe(2);
      expect(other.stderr).toContain(`cannot check --provider ${provider}`);
    }
  });

  it('without --base-url, sends where TWELVE_LABS_BASE_URL and MODELSLAB_BASE_URL say, as the clients do', async () => {
    const before = sim.requests.length;
    const { code, stdout } = await cli(['check'], {
      ...envFor(sim.keys.twelvelabs.valid, sim.keys.modelslab.valid),
      TWELVE_LABS_BASE_URL: sim.twelvelabs.baseUrl,
      MODELSLAB_BASE_URL: sim.modelslab.baseUrl,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^TwelveLabs {2}valid .*\nModelsLab {3}valid /);
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
    const { code, stdout, stderr } = await cli(argv, envFor(fake.valid, fake.modelslab));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(sim.requests.length).toBe(before);
  });

  it('refuses an insecure TWELVE_LABS_BASE_URL as a usage error too, naming the variable', async () => {
    const { code, stdout, stderr } = await cli(['check'], {
      ...envFor(fake.valid, fake.modelslab),
      TWELVE_LABS_BASE_URL: 'http://api.example.com/v1.3',
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^keygate: TWELVE_LABS_BASE_URL is refused: .*https/);
  });

  it('reports a closed port as "unverifiable (offline)": nothing is known about the key', async () => {
    const closed = await createSimulator();
    await closed.close();
    const argv = ['check', '--provider', 'twelvelabs', '--base-url', closed.origin];
    const text = await cli(argv, { TWELVE_LABS_API_KEY: fake.valid });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      new RegExp(`^TwelveLabs {2}unverifiable \\(offline\\) {2}${tl(fake.valid)} {2}`),
    );
    const json = await cli([...argv, '--json'], { TWELVE_LABS_API_KEY: fake.valid });
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ status: 'unverifiable', fingerprint: tl(fake.valid) }),
    ]);
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
    [['check', '--key-env', 'TL_KEY']],
    [['check', '--provider', 'all', '--key-file', '/run/secrets/tl']],
    [['check', '--provider', 'twelvelabs', '--key-env', 'not a name']],
    [['check', '--provider', 'twelvelabs', '--key-file', '']],
    [['frobnicate']],
    [[]],
    [['demo', '--json']],
    [['demo', '--key-env', 'TL_KEY']],
    [['simulate', '--base-url', 'http://127.0.0.1:1']],
  ])('exits 2 with a usage message for %j', async (argv) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^keygate: .+\nRun "keygate --help" for usage\.\n$/);
  });

  it('--help explains the commands, the key options and exit codes', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('keygate check [--provider twelvelabs|modelslab|all]');
    expect(stdout).toContain('--key-env');
    expect(stdout).toContain('--key-file');
    expect(stdout).toContain('keygate simulate');
    expect(stdout).toContain('Exit status: 0');
  });
});

describe('keygate check: pools, NAME_FILE and key files', () => {
  it('checks a pool of keys one by one, by fingerprint, and exits 1 when one is refused', async () => {
    const before = sim.requests.length;
    const { code, stdout } = await cli(
      [
        'check',
        '--provider',
        'twelvelabs',
        '--base-url',
        sim.origin,
        '--key-env',
        'TL_KEY_A',
        '--key-env',
        'TL_KEY_B',
      ],
      { TL_KEY_A: fake.valid, TL_KEY_B: fake.invalid },
    );
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^TwelveLabs {2}valid {15}${tl(fake.valid)} {2}env TL_KEY_A {2}GET /indexes`),
      ),
      expect.stringMatching(
        new RegExp(`^TwelveLabs {2}invalid or expired {2}${tl(fake.invalid)} {2}env TL_KEY_B {2}`),
      ),
    ]);
    expect(tl(fake.valid)).not.toBe(tl(fake.invalid));
    // The provider's own variable is unset: not reported as missing when keys are named.
    expect(stdout).not.toContain('missing');
    expect(sim.requests.length - before).toBe(2);
  });

  it("adds the provider's own variable when it is set, and reports a named variable that is unset as missing", async () => {
    const { code, stdout } = await cli(
      [
        'check',
        '--provider',
        'twelvelabs',
        '--base-url',
        sim.origin,
        '--key-env',
        'TL_KEY_NEXT',
        '--key-env',
        'TL_KEY_GONE',
      ],
      { TWELVE_LABS_API_KEY: fake.valid, TL_KEY_NEXT: fake.rateLimited },
    );
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^TwelveLabs {2}valid {9}twelvelabs:[0-9a-f]{8} {2}env TWELVE_LABS_API_KEY {2}/),
      expect.stringMatching(/^TwelveLabs {2}rate-limited {2}twelvelabs:[0-9a-f]{8} {2}env TL_KEY_NEXT {9}/),
      expect.stringMatching(
        /^TwelveLabs {2}missing {7}- {20}env TL_KEY_GONE {10}Set TL_KEY_GONE, or TL_KEY_GONE_FILE/,
      ),
    ]);
  });

  it('reads NAME_FILE (a Docker or Kubernetes secret) and names the file and the variable', async () => {
    // Docker mounts secrets 0444: the _FILE convention does not check the mode.
    const path = await keyFile('docker-secret', `${fake.file}\n`, 0o444);
    const { code, stdout } = await cli(['check', '--provider', 'twelvelabs', '--base-url', sim.origin], {
      TWELVE_LABS_API_KEY_FILE: path,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^TwelveLabs {2}valid {2}${tl(fake.file)} {2}file ${path} \\(TWELVE_LABS_API_KEY_FILE\\) {2}GET /indexes`,
      ),
    );
  });

  it('reads the alias TWELVELABS_API_KEY, and refuses NAME with NAME_FILE as an error line, sending nothing', async () => {
    const alias = await cli(['check', '--provider', 'twelvelabs', '--base-url', sim.origin], {
      TWELVELABS_API_KEY: fake.valid,
    });
    expect(alias.code).toBe(0);
    expect(alias.stdout).toMatch(
      /^TwelveLabs {2}valid {2}twelvelabs:[0-9a-f]{8} {2}env TWELVELABS_API_KEY {2}/,
    );

    const before = sim.requests.length;
    const both = await cli(['check', '--provider', 'twelvelabs', '--base-url', sim.origin], {
      TWELVE_LABS_API_KEY: fake.valid,
      TWELVE_LABS_API_KEY_FILE: join(dir, 'docker-secret'),
    });
    expect(both.code).toBe(1);
    expect(both.stdout).toMatch(
      /^TwelveLabs {2}error {2}- {2}env TWELVE_LABS_API_KEY {2}Both TWELVE_LABS_API_KEY and TWELVE_LABS_API_KEY_FILE are set/,
    );
    expect(sim.requests.length).toBe(before);
  });

  it('checks a --key-file readable by its owner only', async () => {
    const path = await keyFile('owner-only', `${fake.file}\n`, 0o600);
    const { code, stdout } = await cli(
      ['check', '--provider', 'twelvelabs', '--base-url', sim.origin, '--key-file', path],
      {},
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(`^TwelveLabs {2}valid {2}${tl(fake.file)} {2}file ${path} {2}GET /indexes`),
    );
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a --key-file anyone may read, with the fix, without its content, sending nothing',
    async () => {
      const path = await keyFile('world-readable', `${fake.file}\n`, 0o644);
      const before = sim.requests.length;
      const { code, stdout } = await cli(
        ['check', '--provider', 'twelvelabs', '--base-url', sim.origin, '--key-file', path],
        {},
      );
      expect(code).toBe(1);
      expect(stdout).toMatch(
        new RegExp(
          `^TwelveLabs {2}error {2}- {2}file ${path} {2}The API key file ${path} has mode 0644: .*chmod 600`,
        ),
      );
      expect(sim.requests.length).toBe(before);
    },
  );
});

describe('keygate check: key ages from NAME_ISSUED_AT', () => {
  it('--json gives fingerprint, origin, age, days left and expiry for every key of a pool', async () => {
    // Half a day more than 80 days: whole days do not flip while the test runs.
    const issuedAt = new Date(Date.now() - 80.5 * 86_400_000);
    const { code, stdout } = await cli(
      ['check', '--provider', 'twelvelabs', '--json', '--base-url', sim.origin, '--key-env', 'TL_KEY_NEXT'],
      {
        TWELVE_LABS_API_KEY: fake.valid,
        TWELVE_LABS_API_KEY_ISSUED_AT: issuedAt.toISOString(),
        TL_KEY_NEXT: fake.invalid,
      },
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toStrictEqual([
      {
        provider: 'TwelveLabs',
        status: 'valid',
        fingerprint: tl(fake.valid),
        origin: 'env TWELVE_LABS_API_KEY',
        ageDays: 80,
        daysLeft: 9,
        expiresAt: new Date(issuedAt.getTime() + 90 * 86_400_000).toISOString(),
        expiry: 'soon',
        detail: expect.stringMatching(/^GET \/indexes answered/),
      },
      {
        provider: 'TwelveLabs',
        status: 'invalid',
        fingerprint: tl(fake.invalid),
        origin: 'env TL_KEY_NEXT',
        detail: expect.stringContaining('expire every 90 days'),
      },
    ]);
  });

  it('shows age and days left, and warns in words and colour when a key is near or past its expiry', async () => {
    // Half a day more than the whole days: they do not flip while the test runs.
    const daysAgo = (days: number) => new Date(Date.now() - (days + 0.5) * 86_400_000).toISOString();
    const argv = [
      'check',
      '--provider',
      'twelvelabs',
      '--base-url',
      sim.origin,
      '--key-env',
      'TL_OLD',
      '--key-env',
      'TL_OLDER',
    ];
    const env = {
      TWELVE_LABS_API_KEY: fake.valid,
      TWELVE_LABS_API_KEY_ISSUED_AT: daysAgo(30),
      TL_OLD: fake.valid,
      TL_OLD_ISSUED_AT: daysAgo(80),
      TL_OLDER: fake.invalid,
      TL_OLDER_ISSUED_AT: daysAgo(95),
    };
    const { stdout } = await cli(argv, env);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/ {2}age 30 days, 59 days left {16}GET \/indexes/);
    expect(lines[1]).toMatch(/ {2}age 80 days, 9 days left \(expires soon\) {2}GET \/indexes/);
    expect(lines[2]).toMatch(
      /^TwelveLabs {2}invalid or expired .* {2}age 95 days, expired 6 days ago {10}TwelveLabs/,
    );

    const coloured = await cli(argv, { ...env, FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('\u001b[33mage 80 days, 9 days left (expires soon)');
    expect(coloured.stdout).toContain('\u001b[31mage 95 days, expired 6 days ago');
    expect(coloured.stdout).toContain('age 30 days, 59 days left');
    expect(coloured.stdout).not.toContain('m age 30 days');
  });
});

describe('checkKeySource', () => {
  it("checks every member of a pool, nested pools included, and leaves the pool's state alone", async () => {
    const throwing = () => {
      throw new Error('vault is sealed');
    };
    const pool = keyPool([
      withKeyInfo(fake.valid, {
        origin: 'vault kv/twelvelabs/current',
        issuedAt: new Date('2026-01-01T00:00:00Z'),
      }),
      keyPool([fake.invalid, async () => fake.rateLimited, throwing]),
    ]);
    const results = await checkKeySource(pool, twelveLabsKeyProbe, {
      baseUrl: sim.twelvelabs.baseUrl,
      now: new Date('2026-03-22T00:00:00Z'),
    });
    expect(results).toStrictEqual([
      {
        provider: 'TwelveLabs',
        status: 'valid',
        fingerprint: tl(fake.valid),
        origin: 'vault kv/twelvelabs/current',
        ageDays: 80,
        daysLeft: 10,
        expiresAt: new Date('2026-04-01T00:00:00Z'),
        expiry: 'soon',
        detail: expect.stringMatching(/^GET \/indexes answered/),
      },
      {
        provider: 'TwelveLabs',
        status: 'invalid',
        fingerprint: tl(fake.invalid),
        detail: expect.stringContaining('TwelveLabs'),
      },
      {
        provider: 'TwelveLabs',
        status: 'rate_limited',
        fingerprint: tl(fake.rateLimited),
        detail: expect.any(String),
      },
      { provider: 'TwelveLabs', status: 'error', detail: expect.stringContaining('vault is sealed') },
    ]);
    expect(JSON.stringify(results)).not.toMatch(/tl-test-key/);
    // Checking is not using: the pool was not told, so no key is out.
    expect(pool.status().map((member) => member.state)).toEqual(['available', 'available']);
  });

  it('checks a single source once, and ModelsLab keys through the wallet, with its balance', async () => {
    const results = await checkKeySource(fake.modelslab, modelsLabKeyProbe, {
      baseUrl: sim.modelslab.baseUrl,
    });
    expect(results).toStrictEqual([
      {
        provider: 'ModelsLab',
        status: 'valid',
        fingerprint: ml(fake.modelslab),
        balance: 25,
        currency: 'USD',
        detail: 'Wallet balance 25 USD.',
      },
    ]);
    const empty = await checkKeySource(sim.keys.modelslab.noCredits, modelsLabKeyProbe, {
      baseUrl: sim.modelslab.baseUrl,
    });
    expect(empty).toEqual([expect.objectContaining({ status: 'no_credits', balance: 0 })]);
  });
});
