import { main } from '../../src/cli/index.js';

/**
 * Runs the `keygate` command in process, its output captured in memory.
 *
 * @param argv The arguments after `keygate`.
 * @param env The environment the command sees (nothing of the test process's).
 * @returns The exit code and what it wrote.
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}
