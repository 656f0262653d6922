import { main } from './index.js';

// The `keygate` executable: exit codes are set, never forced, so output is flushed first.
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
