import type { ErrorDetails, ErrorResponse } from '../../src/index.js';

// The object storage that multipart chunks go to answers S3's way: an XML body
// `<Error><Code>SignatureDoesNotMatch</Code><Message>…</Message></Error>`
// (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). Its refusals are about the
// presigned URL, never about the TwelveLabs key: the hints must not send anyone to rotate it.

// Read within the first characters only: an error body of any size costs the same.
const scanChars = 4_096;
const codeShape = /^[A-Za-z]{1,64}$/;

/**
 * Reads an object-storage error answer: the S3 `Code`, and a hint that says what a refused
 * presigned URL means.
 *
 * @param response The answer's facts (its body a scrubbed excerpt).
 * @returns Details for an error status; `undefined` for a success.
 */
export function classifyStorageAnswer(response: ErrorResponse): ErrorDetails | undefined {
  if (response.status < 400) return undefined;
  const code = s3Code(response.body);
  if (response.status === 403) {
    return {
      code,
      hint:
        'The storage refused the presigned upload URL (expired, already used, or its signature does not match): ' +
        'this is not about the TwelveLabs key. keygate asks TwelveLabs for a fresh URL once per chunk; upload again if it persists.',
    };
  }
  if (response.status === 404) {
    return {
      code,
      hint: 'The storage has no such upload: multipart sessions expire 24 hours after they open.',
    };
  }
  return { code };
}

function s3Code(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  const head = body.slice(0, scanChars);
  const start = head.indexOf('<Code>');
  if (start === -1) return undefined;
  const end = head.indexOf('</Code>', start);
  const code = end === -1 ? '' : head.slice(start + '<Code>'.length, end);
  return codeShape.test(code) ? code : undefined;
}
