import { type BigIntStats, constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * The largest key file read, in bytes. API keys are tens of bytes; a bigger file is the wrong
 * file (a log, a certificate bundle, a device), so it is refused before it is read.
 */
export const maxKeyFileBytes = 64 * 1024;

/** A key file as read: its text (one trailing newline trimmed) and what identifies this version. */
export interface KeyFileContent {
  /** The content, with exactly one trailing `\n` or `\r\n` removed. */
  readonly text: string;
  /** Device, inode, size, mtime and ctime of the file that was read: changes when it is replaced. */
  readonly version: string;
  /** The permission bits of the file that was read. */
  readonly mode: number;
}

/**
 * Reads a key file without ever putting its content in an error: opens it (following symlinks,
 * as a Kubernetes secret volume needs), checks the opened file is a regular file no bigger than
 * {@link maxKeyFileBytes}, then reads at most that many bytes. The size and the mode come from the
 * opened file (`fstat`), so a file swapped between the check and the read cannot slip past.
 *
 * @param path The file.
 * @param origin How errors name it, e.g. `file /run/secrets/key (TWELVE_LABS_API_KEY_FILE)`.
 * @param signal Checked between the steps of the read: an aborted attempt stops there.
 * @returns The text and its version.
 * @throws {ConfigurationError} Missing, unreadable, a directory, not a regular file, too large or empty.
 * @example
 * ```ts no-run
 * const { text } = await readKeyFile('/run/secrets/twelvelabs', 'file /run/secrets/twelvelabs');
 * ```
 */
export async function readKeyFile(
  path: string,
  origin: string,
  signal?: AbortSignal,
): Promise<KeyFileContent> {
  signal?.throwIfAborted();
  // O_NONBLOCK: opening a FIFO for reading would otherwise block a libuv thread until a writer
  // appears; on a regular file it changes nothing. Windows has no such flag.
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
  const handle = await open(path, flags).catch((error: unknown) => {
    throw unreadable(origin, error);
  });
  try {
    const stats = await handle.stat({ bigint: true }).catch((error: unknown) => {
      throw unreadable(origin, error);
    });
    if (stats.isDirectory())
      throw new ConfigurationError(`Cannot read the API key from ${origin}: it is a directory.`);
    if (!stats.isFile()) {
      throw new ConfigurationError(
        `Cannot read the API key from ${origin}: it is not a regular file (a device, socket or pipe).`,
      );
    }
    if (stats.size > BigInt(maxKeyFileBytes)) throw tooLarge(origin, `${stats.size} bytes`);
    // Read to the end, up to one byte more than allowed: a file that grew after fstat is caught
    // without reading it whole. Reads are rare (first use, and after a change), so 64 KiB is cheap.
    const buffer = Buffer.alloc(maxKeyFileBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle
        .read(buffer, length, buffer.length - length, length)
        .catch((error: unknown) => {
          throw unreadable(origin, error);
        });
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxKeyFileBytes) throw tooLarge(origin, 'grew while being read');
    signal?.throwIfAborted();
    const text = trimOneNewline(buffer.toString('utf8', 0, length));
    if (text === '')
      throw new ConfigurationError(`The API key file is empty: ${origin}. Write the key into it.`);
    return { text, version: versionOf(stats), mode: Number(stats.mode & 0o7777n) };
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * What identifies the file now at `path` (after symlinks), to tell whether it changed since it
 * was read without reading it.
 *
 * @param path The file.
 * @returns Its version, or `undefined` when it cannot be looked at (the next read says why).
 * @example
 * ```ts no-run
 * const changed = (await keyFileVersion(path)) !== content.version;
 * ```
 */
export async function keyFileVersion(path: string): Promise<string | undefined> {
  try {
    return versionOf(await stat(path, { bigint: true }));
  } catch {
    return undefined;
  }
}

/**
 * Removes exactly one trailing `\n` or `\r\n`: what `echo` and editors add. Anything else (two
 * newlines, spaces) stays, so key validation refuses it with a clear message instead of keygate
 * guessing which characters belong to the key.
 *
 * @param text The file's text.
 * @returns The text without its final line break.
 * @example
 * ```ts no-run
 * trimOneNewline('tl-test-key\r\n'); // 'tl-test-key'
 * trimOneNewline('tl-test-key\n\n'); // 'tl-test-key\n': refused later, with a clear message
 * ```
 */
export function trimOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

// Nanosecond times: a rewrite within the same millisecond on a fast filesystem still shows.
function versionOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

function tooLarge(origin: string, size: string): ConfigurationError {
  return new ConfigurationError(
    `Cannot read the API key from ${origin}: it is too large (${size}; a key file may have at most ${maxKeyFileBytes} bytes). Check that the path names the key file.`,
  );
}

const reasons: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied (this process may not read it)',
  EPERM: 'permission denied (this process may not read it)',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links (a loop?)',
  ENAMETOOLONG: 'the path is too long',
};

/** The error of a failed open or read: the path and the reason, never anything read. */
function unreadable(origin: string, error: unknown): ConfigurationError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason =
    typeof code === 'string' ? (reasons[code] ?? `the system refused (${code})`) : 'the system refused';
  return new ConfigurationError(`Cannot read the API key from ${origin}: ${reason}.`);
}
