/** How far an upload has got. */
export interface UploadProgress {
  /** Bytes of the request body sent so far (multipart framing included). */
  transferredBytes: number;
  /** The body's exact size. */
  totalBytes: number;
  /** `transferredBytes / totalBytes`, from 0 to 1. */
  percent: number;
}

/** Called as an upload's body is read by fetch. */
export type UploadProgressListener = (progress: UploadProgress) => void;

/**
 * Wraps an upload body so it reports progress as fetch reads it, chunk by chunk: nothing is
 * buffered or copied.
 *
 * @param body The encoded multipart body.
 * @param totalBytes Its exact length.
 * @param listener Receives the progress.
 * @returns The same bytes, counted.
 */
export function withUploadProgress(
  body: ReadableStream<Uint8Array>,
  totalBytes: number,
  listener: UploadProgressListener,
): ReadableStream<Uint8Array> {
  let transferred = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        transferred += chunk.byteLength;
        controller.enqueue(chunk);
        listener({
          transferredBytes: transferred,
          totalBytes,
          percent: totalBytes === 0 ? 1 : transferred / totalBytes,
        });
      },
    }),
  );
}
