/**
 * A stored Jetstream log (`jetstream.ndjson`): one line per frame, in server order.
 *
 *   {"time_us":1720000000000123,"frame":{"did":"did:plc:…","time_us":1720000000000123,…}}
 *   {"time_us":1720000000004567,"text":"{\"did\":\"did:plc:…\",\"time_us\":17200000000045"}
 *
 * `time_us` is the server's time of the frame: where a cursor finds it and when a live server
 * releases it, even for a frame that is not JSON. A frame that is valid JSON on one line sits
 * under `frame` as it is, so the log reads like the stream; any other frame (invalid JSON) is a
 * JSON string under `text`. Either way the frame comes back byte for byte: a `frame` is cut from
 * the line, never parsed and written again.
 */
export interface JetstreamLogEntry {
  time_us: number;
  /** Exactly one WebSocket text frame, as the server sends it. */
  frame: string;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function logLine(entry: JetstreamLogEntry): string {
  if (!/[\r\n]/.test(entry.frame) && isJson(entry.frame)) return `{"time_us":${entry.time_us},"frame":${entry.frame}}`;
  return JSON.stringify({ time_us: entry.time_us, text: entry.frame });
}

export function parseLogLine(line: string): JetstreamLogEntry {
  const parsed = JSON.parse(line) as { time_us?: unknown; text?: unknown; frame?: unknown };
  if (typeof parsed.time_us !== 'number' || !Number.isSafeInteger(parsed.time_us))
    throw new Error(`not a Jetstream log line (no time_us): ${line.slice(0, 80)}`);
  if (typeof parsed.text === 'string') return { time_us: parsed.time_us, frame: parsed.text };
  const prefix = `{"time_us":${parsed.time_us},"frame":`;
  if (!('frame' in parsed) || !line.startsWith(prefix) || !line.endsWith('}'))
    throw new Error(`not a Jetstream log line (expected {"time_us":…,"frame":…}): ${line.slice(0, 80)}`);
  return { time_us: parsed.time_us, frame: line.slice(prefix.length, -1) };
}
