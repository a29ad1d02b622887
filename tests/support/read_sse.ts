/** Reads an SSE body into its `data:` payloads (JSON parsed, `[DONE]` kept as a string). */
export async function readSse(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text.split("\n\n").filter((f) => f.startsWith("data: ")).map((f) => {
    const data = f.slice(6);
    return data === "[DONE]" ? data : JSON.parse(data);
  });
}
