/** Reading a whole stream into memory (for small files, or ones a library needs whole). */

/** Reads every chunk of `body` into one buffer. */
export async function readAllBytes(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return Buffer.concat(chunks);
}
