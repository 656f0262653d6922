import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findCredentials, type ReceivedCredential, withoutKey } from './credentials.js';

// Object storage on a second loopback origin, as TwelveLabs' multipart uploads use (S3 presigned
// URLs): the parts go there, and the key must never.

/** One request the storage origin received. */
export interface StorageRequest {
  method: string;
  /** The path without the query string (the signature). */
  path: string;
  /** Every key-like credential that arrived (masked): a correct client sends none. */
  credentials: ReceivedCredential[];
  /** The status answered; 0 for a dropped connection. */
  status: number;
  /** Body bytes received. */
  bytes: number;
}

/** A chunk the storage keeps the facts of (never its bytes). */
export interface StoredPart {
  size: number;
  /** The ETag answered, without quotes (the MD5 of the bytes, in hex). */
  etag: string;
}

/** A running object-storage origin. */
export interface ObjectStorage {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Every request received, in order. */
  readonly requests: StorageRequest[];
  /** The next `count` part uploads fail with `status` (default 503), for retry tests. */
  failNext(count: number, status?: number): void;
  /** A presigned PUT URL for one chunk of an upload, valid for an hour. */
  presign(uploadId: string, chunkIndex: number): { url: string; expires_at: string };
  /** The chunks received for an upload, by 1-based chunk index. */
  parts(uploadId: string): ReadonlyMap<number, StoredPart>;
  close(): Promise<void>;
}

/**
 * Starts the storage origin on 127.0.0.1 (random port).
 *
 * @param options `publicOrigin`: the origin presigned URLs name instead of the loopback one, for a
 *   harness that routes a public-looking host (an S3 bucket's) to this server.
 * @returns The running storage.
 * @example
 * ```ts
 * const storage = await startObjectStorage();
 * const { url } = storage.presign('upload-1', 1);
 * const answer = await fetch(url, { method: 'PUT', body: 'bytes' });
 * console.log(answer.headers.get('etag'), storage.parts('upload-1').get(1)); // "<md5>" { size: 5, etag }
 * await storage.close();
 * ```
 */
export async function startObjectStorage(
  options: { publicOrigin?: string | undefined } = {},
): Promise<ObjectStorage> {
  const requests: StorageRequest[] = [];
  const grants = new Map<string, Grant>();
  const uploads = new Map<string, Map<number, StoredPart>>();
  const failures = { count: 0, status: 503 };

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const record: StorageRequest = {
      method: request.method ?? '',
      path: url.pathname,
      credentials: findCredentials(request.headers, url, undefined).map(withoutKey),
      status: 0,
      bytes: 0,
    };
    requests.push(record);
    const answer = (status: number, headers: Record<string, string>, body?: string) => {
      record.status = status;
      response.writeHead(status, headers).end(body);
    };
    try {
      // The body is hashed as it streams and never kept, so a bench can push gigabytes through.
      const hash = createHash('md5');
      for await (const chunk of request) {
        hash.update(chunk as Buffer);
        record.bytes += (chunk as Buffer).length;
      }
      if (request.method !== 'PUT')
        return answer(405, ...s3Error('MethodNotAllowed', 'Only PUT is allowed.'));
      if (failures.count > 0) {
        failures.count -= 1;
        const code = failures.status === 503 ? 'SlowDown' : 'InternalError';
        return answer(failures.status, ...s3Error(code, 'Simulated failure; retry the part.'));
      }
      const denied = check(grants, url);
      if (typeof denied === 'string') return answer(403, ...s3Error(denied, deniedMessages[denied]));
      const etag = hash.digest('hex');
      const parts = uploads.get(denied.uploadId) ?? new Map<number, StoredPart>();
      uploads.set(denied.uploadId, parts);
      parts.set(denied.chunkIndex, { size: record.bytes, etag });
      // Presigned part URLs are single-use (TwelveLabs docs, multipart uploads): a second PUT with
      // this one is refused like a forged one.
      grants.delete(url.searchParams.get('X-Amz-Signature') ?? '');
      // S3 answers a part upload with an empty 200 and the MD5 of the bytes, quoted, as ETag.
      answer(200, { etag: `"${etag}"`, 'content-length': '0' });
    } catch {
      // The client went away mid-body: nothing is stored.
      request.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    failNext(count, status = 503) {
      failures.count = count;
      failures.status = status;
    },
    presign(uploadId, chunkIndex) {
      const signature = randomBytes(32).toString('hex');
      const expiresAt = Date.now() + urlLifetimeMs;
      grants.set(signature, { uploadId, chunkIndex, expiresAt });
      const path = `/uploads/${encodeURIComponent(uploadId)}/${chunkIndex}`;
      return {
        url: `${options.publicOrigin ?? origin}${path}?X-Amz-Signature=${signature}&X-Amz-Expires=${urlLifetimeMs / 1000}`,
        expires_at: new Date(expiresAt).toISOString(),
      };
    },
    parts: (uploadId) => uploads.get(uploadId) ?? new Map(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What one presigned URL allows: a PUT of one chunk, until it expires. */
interface Grant {
  uploadId: string;
  chunkIndex: number;
  expiresAt: number;
}

// A presigned part URL lives for an hour (TwelveLabs docs, multipart uploads: "expires after 1 h").
const urlLifetimeMs = 60 * 60 * 1000;

const deniedMessages = {
  SignatureDoesNotMatch:
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  AccessDenied: 'Request has expired',
};

/** The grant a URL's signature carries, or the S3 error code that refuses it. */
function check(grants: ReadonlyMap<string, Grant>, url: URL): Grant | keyof typeof deniedMessages {
  const grant = grants.get(url.searchParams.get('X-Amz-Signature') ?? '');
  const path = grant && `/uploads/${encodeURIComponent(grant.uploadId)}/${grant.chunkIndex}`;
  if (!grant || url.pathname !== path) return 'SignatureDoesNotMatch';
  return Date.now() > grant.expiresAt ? 'AccessDenied' : grant;
}

/** An S3 error: the headers and the XML body (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
function s3Error(code: string, message: string): [Record<string, string>, string] {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`;
  return [{ 'content-type': 'application/xml' }, body];
}
