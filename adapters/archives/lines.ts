import { StringDecoder } from 'node:string_decoder';

/**
 * Calls `onLine` for every non-empty line of a byte stream ("\n" or "\r\n" endings). A UTF-8
 * character split between chunks is decoded whole. `complete` is false for a last line
 * without its newline (a member cut short).
 */
export async function forEachLine(
  chunks: AsyncIterable<Buffer>,
  onLine: (line: string, complete: boolean) => void,
): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end > start) onLine(text.slice(start, end), true);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest.length > 0) onLine(rest, false);
}
