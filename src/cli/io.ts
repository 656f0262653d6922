/** Where a CLI command writes, and what it reads from its environment. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /**
   * Stops a command that runs until told to (`keygate simulate`). Without it, that command
   * stops on SIGINT or SIGTERM; tests pass one instead of signalling their own process.
   */
  signal?: AbortSignal | undefined;
}
