/** Reading part of a file the caller has open. */

/** Bytes `[start, end)` of an open file; fewer when the file ends first. */
export async function readRange(
  file: Deno.FsFile,
  start: number,
  end: number,
): Promise<Uint8Array> {
  const bytes = new Uint8Array(Math.max(0, end - start));
  await file.seek(start, Deno.SeekMode.Start);
  let read = 0;
  while (read < bytes.length) {
    const n = await file.read(bytes.subarray(read));
    if (n === null) break;
    read += n;
  }
  return bytes.subarray(0, read);
}
