// Peak memory of one large upload per contender, each in a child process of its own
// (bench/upload.mjs), against a file of `uploadMiB` MiB in the temp directory.
import { once } from 'node:events';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runChild } from './child.mjs';

/** The upload contenders, in report order. */
const contenders = ['keygate', 'fetch', 'ky', 'twelvelabs-js'];

/**
 * @param {{ origin: string, uploadMiB: number, log: (text: string) => void }} options
 * @returns {Promise<Array<{ contender: string, peakRssMiB?: number, seconds?: number,
 *   receivedBytes?: number, error?: string }>>}
 */
export async function measureUploadMemory({ origin, uploadMiB, log }) {
  const file = await uploadFile(uploadMiB, log);
  return contenders.map((contender) => {
    log(`upload: ${contender}`);
    return { contender, ...runChild('upload.mjs', [contender, origin, file]) };
  });
}

/**
 * keygate's multipart upload (`multipartUploads.upload`) of a file of `multipartMiB` MiB: its
 * chunks go to the bench server's second origin, which counts the bytes and any key that came.
 *
 * @param {{ origin: string, multipartMiB: number, log: (text: string) => void }} options
 * @returns {Promise<{ peakRssMiB?: number, seconds?: number, chunks?: number, receivedBytes?: number,
 *   keyLeaks?: number, error?: string }>}
 */
export async function measureMultipartUpload({ origin, multipartMiB, log }) {
  const file = await uploadFile(multipartMiB, log);
  log('multipart upload: keygate');
  return runChild('multipart-upload.mjs', [origin, file]);
}

/** A file of `mib` MiB in the temp directory, written once and reused by later runs. */
async function uploadFile(mib, log) {
  const file = join(os.tmpdir(), `keygate-bench-${mib}mib.bin`);
  if (!existsSync(file) || statSync(file).size !== mib * 2 ** 20) {
    log(`writing a ${mib} MiB upload file`);
    const stream = createWriteStream(file);
    const chunk = Buffer.alloc(2 ** 20, 7);
    for (let i = 0; i < mib; i++) if (!stream.write(chunk)) await once(stream, 'drain');
    stream.end();
    await once(stream, 'finish');
  }
  return file;
}
