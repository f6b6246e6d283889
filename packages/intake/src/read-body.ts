// The raw bytes of a request, read once (signatures are computed over exactly these) and never more than the
// hook allows: a declared Content-Length over the limit is refused unread, and a body without one (chunked)
// is cut off as soon as it passes the limit instead of being buffered whole.
import { type HookConfig, PayloadTooLargeError } from "@smx/sources";

export async function readLimitedBody(
  request: Request,
  hook: HookConfig,
): Promise<Uint8Array | PayloadTooLargeError> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > hook.maxBodyBytes)
    return new PayloadTooLargeError(tooLarge(declared, hook), { header: "content-length" });
  const body = await readAtMost(request.body, hook.maxBodyBytes);
  return body ?? new PayloadTooLargeError(tooLarge(`more than ${hook.maxBodyBytes}`, hook));
}

/** All bytes of `stream`, or undefined (and the stream cancelled) as soon as they exceed `limit`. */
async function readAtMost(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | undefined> {
  if (stream === null) return new Uint8Array();
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const body = new Uint8Array(total);
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.byteLength;
      }
      return body;
    }
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}

function tooLarge(bytes: number | string, hook: HookConfig): string {
  return `the body is ${bytes} bytes; hook "${hook.id}" accepts at most ${hook.maxBodyBytes} bytes (maxBodyBytes)`;
}
