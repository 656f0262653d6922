import { randomBytes } from 'node:crypto';

/** A multipart/form-data body, streamed, with its exact length. */
export interface MultipartBody {
  /** The body, read part by part as fetch pulls it; files are read from their source as they go. */
  stream: ReadableStream<Uint8Array>;
  /** The exact byte length, for `Content-Length` and upload progress. */
  length: number;
  /** `multipart/form-data; boundary=…` */
  contentType: string;
}

const encoder = new TextEncoder();

// The HTML form encoding's escapes for field names and file names (as undici applies them).
const escapeName = (name: string) => name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');

/**
 * Encodes a form as multipart/form-data without reading files into memory. fetch would encode a
 * `FormData` itself, but then the length is unknown to keygate (no exact upload progress) and
 * undici reads ahead of the socket; this stream is pulled one chunk at a time.
 *
 * @param form The form (strings and blobs/files).
 * @returns The stream, its exact length and the content type.
 */
export function encodeMultipart(form: FormData): MultipartBody {
  const boundary = `----keygate${randomBytes(12).toString('hex')}`;
  const pieces: Array<Uint8Array | Blob> = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      pieces.push(
        encoder.encode(
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n${value}\r\n`,
        ),
      );
    } else {
      const type = value.type || 'application/octet-stream';
      pieces.push(
        encoder.encode(
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"; filename="${escapeName(value.name)}"\r\n` +
            `Content-Type: ${type}\r\n\r\n`,
        ),
        value,
        encoder.encode('\r\n'),
      );
    }
  }
  pieces.push(encoder.encode(`--${boundary}--\r\n`));
  const length = pieces.reduce(
    (sum, piece) => sum + (piece instanceof Blob ? piece.size : piece.byteLength),
    0,
  );

  let index = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (reader) {
            const { done, value } = await reader.read();
            if (!done) return controller.enqueue(value);
            reader = undefined;
          }
          const piece = pieces[index++];
          if (piece === undefined) return controller.close();
          if (!(piece instanceof Blob)) return controller.enqueue(piece);
          reader = piece.stream().getReader();
        }
      },
      async cancel(reason) {
        await reader?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, length, contentType: `multipart/form-data; boundary=${boundary}` };
}
