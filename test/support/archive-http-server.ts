import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A local HTTP server standing in for archive.org (which cannot be reached from here): serves
 * files of a folder at /download/<item>/<file>, with HEAD and single byte-range requests, as
 * archive.org does for the Twitter Stream Grab items; on request, it fails the first range reads.
 */
export async function startArchiveServer(
  root: string,
  options: { failingRanges?: number[] } = {},
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  // These range requests (1 = the first) answer 503, as a busy archive.org sometimes does.
  const failing = new Set(options.failingRanges ?? []);
  let ranges = 0;
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url} ${request.headers.range ?? ''}`.trim());
    if (request.headers.range && failing.has(++ranges)) {
      response.writeHead(503).end();
      return;
    }
    const match = /^\/download\/([^/]+)\/([^/]+)$/.exec(request.url ?? '');
    const file = match ? path.join(root, match[1]!, match[2]!) : undefined;
    if (!file || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const size = fs.statSync(file).size;
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    if (!range) {
      response.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes' });
      if (request.method === 'HEAD') response.end();
      else fs.createReadStream(file).pipe(response);
      return;
    }
    const start = Number(range[1]);
    const end = Math.min(Number(range[2]), size - 1);
    response.writeHead(206, { 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}` });
    fs.createReadStream(file, { start, end }).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/download`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
