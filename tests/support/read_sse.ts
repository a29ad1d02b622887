/** Reads an SSE body into its `data:` payloads (JSON parsed, `[DONE]` kept as a string). */
export async function readSse(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text.split("\n\n").filter((f) => f.startsWith("data: ")).map((f) => {
    const data = f.slice(6);
    return data === "[DONE]" ? data : JSON.parse(data);
  });
}

/** The `data:` payloads of an SSE body as they arrive (for answering events mid-stream). */
export async function* sseEvents(response: Response): AsyncGenerator<unknown> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!frame.startsWith("data: ")) continue;
      const data = frame.slice(6);
      yield data === "[DONE]" ? data : JSON.parse(data);
    }
  }
}
