import { describe, expect, it } from 'vitest';
import { encodeMultipart } from '../../src/transport/multipart.js';

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('encodeMultipart', () => {
  it('round-trips strings, files and untyped blobs, with an exact length', async () => {
    const form = new FormData();
    form.set('index_id', 'idx-1');
    form.set('user_metadata', JSON.stringify({ team: 'é "quoted"' }));
    form.set('video_file', new File(['fake video bytes'], 'clip.mp4', { type: 'video/mp4' }));
    form.append('blob', new Blob([new Uint8Array([0, 1, 2, 255])]));
    const { stream, length, contentType } = encodeMultipart(form);
    const bytes = await bytesOf(stream);
    expect(bytes.byteLength).toBe(length);
    const parsed = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    expect(parsed.get('index_id')).toBe('idx-1');
    expect(parsed.get('user_metadata')).toBe(JSON.stringify({ team: 'é "quoted"' }));
    const file = parsed.get('video_file') as File;
    expect([file.name, file.type, await file.text()]).toEqual(['clip.mp4', 'video/mp4', 'fake video bytes']);
    const blob = parsed.get('blob') as File;
    expect(blob.type).toBe('application/octet-stream');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('escapes quotes and line breaks in names, as the HTML form encoding does', async () => {
    const form = new FormData();
    form.set('a"b\r\nc', 'v');
    const { stream } = encodeMultipart(form);
    const text = new TextDecoder().decode(await bytesOf(stream));
    expect(text).toContain('name="a%22b%0D%0Ac"');
  });

  it('reads a file part only when the stream is pulled that far', async () => {
    let pulled = false;
    const lazy = new Blob(['x']);
    const original = lazy.stream.bind(lazy);
    lazy.stream = () => {
      pulled = true;
      return original();
    };
    const form = new FormData();
    form.set('first', 'value');
    form.set('file', lazy);
    const { stream } = encodeMultipart(form);
    const reader = stream.getReader();
    await reader.read();
    expect(pulled).toBe(false);
    await reader.cancel();
  });
});
