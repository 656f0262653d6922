/** How far an upload has got. */
export interface UploadProgress {
  /** Bytes of the request body sent so far (multipart framing included). */
  transferredBytes: number;
  /** The expected body size: the form's values, an estimate until the last report, where it is exact. */
  totalBytes: number;
  /** `transferredBytes / totalBytes`, from 0 to 1; exactly 1 only when the body is fully sent. */
  percent: number;
}

/** Called as an upload's body is read by fetch. */
export type UploadProgressListener = (progress: UploadProgress) => void;

/**
 * Wraps a request so its body reports progress as fetch reads it. The body streams through a
 * counter, chunk by chunk: nothing is buffered or copied.
 *
 * @param request The authenticated request, with a multipart body.
 * @param form The form it was built from, to estimate the total.
 * @param listener Receives the progress.
 * @returns A request with the same URL, headers, signal and redirect mode, and a counting body.
 */
export function withUploadProgress(
  request: Request,
  form: FormData,
  listener: UploadProgressListener,
): Request {
  if (request.body === null) return request;
  let estimate = 0;
  for (const [, value] of form) estimate += typeof value === 'string' ? Buffer.byteLength(value) : value.size;
  let transferred = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      transferred += chunk.byteLength;
      const totalBytes = Math.max(estimate, transferred);
      controller.enqueue(chunk);
      listener({
        transferredBytes: transferred,
        totalBytes,
        percent: Math.min(0.99, transferred / totalBytes),
      });
    },
    flush() {
      listener({ transferredBytes: transferred, totalBytes: transferred, percent: 1 });
    },
  });
  return new Request(request, { body: request.body.pipeThrough(counter), duplex: 'half' } as RequestInit);
}
