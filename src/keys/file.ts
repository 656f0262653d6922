import { type FSWatcher, watch } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { KeyInfo, KeyIssuer, KeyRequest } from './key-source.js';
import { type KeyFileContent, keyFileVersion, readKeyFile } from './read-key-file.js';
import { keyInfoFrom } from './with-key-info.js';

/**
 * How often, at most, a cached key file is looked at (`stat`) for a change. A directory watcher
 * makes the next look immediate; this bound is what catches changes a watcher misses (network
 * filesystems, some bind mounts) without a system call per request.
 */
const recheckMs = 1000;

/** Options of {@link fromFile}. */
export interface FromFileOptions extends Pick<KeyInfo, 'issuedAt' | 'maxAgeDays'> {
  /**
   * Pick up a changed file without a restart: the file's directory is watched and the file is
   * looked at (`stat`, at most once a second) before a cached key is handed out. With `false`, the
   * file is read once and again only when the provider refuses the key (`refreshOnAuthError`).
   *
   * @default true
   */
  watch?: boolean | undefined;
  /**
   * Accept a file whose group has permissions on it (e.g. mode `0440`: a Kubernetes secret volume
   * read by a non-root container through `fsGroup`). Files open to others are still refused.
   *
   * @default false
   */
  allowGroupReadable?: boolean | undefined;
  /**
   * Accept a file that anyone on the machine may read (e.g. mode `0644` or `0444`, where you
   * cannot change it): turns the permission check off. Prefer fixing the mode.
   *
   * @default false
   */
  allowWorldReadable?: boolean | undefined;
}

/** A key issuer over a file that can stop watching it. */
export interface FileKeyIssuer extends KeyIssuer {
  /**
   * Stops watching the file. The source keeps handing out the key it read last, and reads the
   * file again only on `{ refresh: true }`. Calling it again does nothing.
   */
  close(): void;
}

/**
 * A key source that reads the key from a file: a Docker or Kubernetes secret, or a file your
 * deployment writes. The file is read at the first request, not before; exactly one trailing
 * newline is trimmed; and a rotated key is picked up without a restart, whether the file was
 * rewritten, renamed over, or swapped by Kubernetes through its `..data` symlink.
 *
 * A file that others than its owner may read is refused (POSIX; not checked on Windows): fix the
 * mode, or opt out with {@link FromFileOptions.allowGroupReadable} or `allowWorldReadable`.
 * Errors name the path and the reason, never the content.
 *
 * @param path The file (relative paths are resolved against the current directory, now).
 * @param options Watching, permissions, and what is known about the key.
 * @returns A {@link FileKeyIssuer}; its origin is `file <path>`. The watcher never keeps the
 *   process alive; `close()` stops it.
 * @throws {ConfigurationError} When `path` is empty or an option is invalid.
 * @example
 * ```ts
 * import { HeaderKeyStrategy, fromFile } from 'keygate';
 * const key = fromFile('/var/run/secrets/twelvelabs/api-key');
 * const strategy = new HeaderKeyStrategy({ key });
 * // at shutdown:
 * key.close();
 * ```
 */
export function fromFile(path: string, options: FromFileOptions = {}): FileKeyIssuer {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new ConfigurationError('fromFile needs the path of the file that holds the key.');
  }
  const absolute = resolve(path);
  const origin = `file ${absolute}`;
  const facts = keyInfoFrom({ issuedAt: options.issuedAt, maxAgeDays: options.maxAgeDays }, 'fromFile');
  const file = new KeyFile(absolute, origin, {
    changes: options.watch === false ? 'none' : 'watch',
    allowedModeBits: (options.allowGroupReadable ? 0o070 : 0) | (options.allowWorldReadable ? 0o077 : 0),
  });
  return {
    issueKey: async (request) => ({ key: await file.read(request), origin, ...facts }),
    close: () => file.close(),
  };
}

/** How a {@link KeyFile} notices changes: watcher and `stat`, `stat` only, or not at all. */
export type KeyFileChanges = 'watch' | 'stat' | 'none';

/** Settings of a {@link KeyFile}. */
export interface KeyFileSettings {
  /** How changes are noticed. */
  changes: KeyFileChanges;
  /** Group and other permission bits accepted; `undefined` checks nothing (Docker's `_FILE`). */
  allowedModeBits?: number | undefined;
}

/**
 * One key file, cached: read on first use and when it changed, re-read on `{ refresh: true }`.
 * Shared by {@link fromFile} and the `NAME_FILE` convention of `fromEnv`.
 *
 * @example
 * ```ts no-run
 * const file = new KeyFile('/run/secrets/key', 'file /run/secrets/key', { changes: 'stat' });
 * const key = await file.read({ refresh: false });
 * ```
 */
export class KeyFile {
  readonly #path: string;
  readonly #origin: string;
  readonly #allowedModeBits: number | undefined;
  #changes: KeyFileChanges;
  #content: KeyFileContent | undefined;
  /** When the file was last looked at for a change; 0 forces a look (the watcher saw something). */
  #checkedAt = 0;
  /** Directory events seen so far: a read that saw one arrive meanwhile leaves the next look due. */
  #events = 0;
  /** Reads started and the latest one whose result is cached: a slow old read never wins. */
  #started = 0;
  #applied = 0;
  #watcher: FSWatcher | undefined;

  /**
   * @param path The absolute path.
   * @param origin How the key's origin and errors name the file.
   * @param settings How changes are noticed; which permission bits are accepted.
   */
  constructor(path: string, origin: string, settings: KeyFileSettings) {
    this.#path = path;
    this.#origin = origin;
    this.#changes = settings.changes;
    this.#allowedModeBits = settings.allowedModeBits;
  }

  /** The absolute path of the file. */
  get path(): string {
    return this.#path;
  }

  /** How the key's origin names the file, e.g. `file /run/secrets/key`. */
  get origin(): string {
    return this.#origin;
  }

  /**
   * The key: the cached one unless the file changed, or read now.
   *
   * @param request `refresh: true` always reads the file; `signal` stops the read.
   * @returns The file's content, one trailing newline trimmed.
   * @throws {ConfigurationError} When the file cannot be read or its mode is too open.
   */
  async read(request: KeyRequest): Promise<string> {
    const cached = this.#content;
    if (request.refresh || cached === undefined) return (await this.#load(request.signal)).text;
    if (this.#changes === 'none' || Date.now() - this.#checkedAt < recheckMs) return cached.text;
    this.#checkedAt = Date.now();
    if ((await keyFileVersion(this.#path)) === cached.version) return cached.text;
    try {
      return (await this.#load(request.signal)).text;
    } catch (error) {
      // A rotation caught half-way (the file briefly missing or empty) keeps the last good key;
      // the next look, or the refresh after a refused key, reads again and reports what is wrong.
      if (request.signal?.aborted) throw error;
      return (this.#content ?? cached).text;
    }
  }

  /** Stops watching; later reads happen only on `{ refresh: true }`. */
  close(): void {
    this.#changes = 'none';
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  async #load(signal: AbortSignal | undefined): Promise<KeyFileContent> {
    const started = ++this.#started;
    const checkedAt = Date.now();
    const events = this.#events;
    const content = await readKeyFile(this.#path, this.#origin, signal);
    if (this.#allowedModeBits !== undefined) checkMode(this.#path, content.mode, this.#allowedModeBits);
    if (started > this.#applied) {
      this.#applied = started;
      this.#content = content;
      if (this.#events === events) this.#checkedAt = checkedAt;
    }
    this.#startWatcher();
    return content;
  }

  /**
   * Watches the directory, not the file: Kubernetes updates a secret volume by writing a new
   * timestamped directory and renaming a `..data_tmp` symlink over `..data`, which the file's
   * own symlink points through; `mv new key` replaces the inode. Neither changes the file a
   * file watch would follow, but both are events in the directory.
   * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/volume/util/atomic_writer.go
   */
  #startWatcher(): void {
    if (this.#changes !== 'watch' || this.#watcher !== undefined) return;
    try {
      // persistent: false: the watcher never keeps the process alive.
      const watcher = watch(dirname(this.#path), { persistent: false }, () => {
        this.#events += 1;
        this.#checkedAt = 0;
      });
      watcher.on('error', () => {
        // The directory went away or the platform gave up: `stat` still catches changes.
        watcher.close();
        if (this.#watcher === watcher) this.#watcher = undefined;
      });
      this.#watcher = watcher;
    } catch {
      // No watcher (too many inotify watches, unsupported filesystem): `stat` still catches changes.
    }
  }
}

/** Refuses a key file whose group or others have permissions beyond `allowed` (POSIX only). */
function checkMode(path: string, mode: number, allowed: number): void {
  if (process.platform === 'win32') return;
  const open = mode & 0o077 & ~allowed;
  if (open === 0) return;
  const octal = `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
  const toOthers = (open & 0o007) !== 0;
  const option = toOthers ? 'allowWorldReadable' : 'allowGroupReadable';
  throw new ConfigurationError(
    `The API key file ${path} has mode ${octal}: ${toOthers ? 'anyone on the machine' : 'its group'} may read or change it. ` +
      `Restrict it with \`chmod 600 ${path}\` (on Kubernetes, set \`defaultMode: 0400\` on the secret volume), ` +
      `or pass \`${option}: true\` to fromFile if that is intended.`,
  );
}
