import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ImportRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  xsrf?: string;
  fileName?: string;
  fileType?: string;
  content?: string;
}

/** The "file" part of a multipart/form-data body. */
function filePart(body: Buffer, contentType: string): { name?: string; type?: string; content?: string } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return {};
  for (const part of body.toString('utf8').split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    if (!/content-disposition: form-data; name="file"/i.test(headers)) continue;
    return {
      name: /filename="([^"]+)"/i.exec(headers)?.[1],
      type: /content-type: ([^\r\n]+)/i.exec(headers)?.[1],
      content: part.slice(split + 4).replace(/\r\n$/, ''),
    };
  }
  return {};
}

/**
 * A local server checking the request shape Kibana documents for
 * POST /api/saved_objects/_import (Kibana cannot run here): kbn-xsrf header, multipart body with
 * the NDJSON in the field "file"; it answers as Kibana does, with `answer(objects)`.
 */
export async function startKibanaImportServer(
  answer: (lines: { type: string; id: string; attributes: { title?: string } }[]) => object,
) {
  const requests: ImportRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://local');
      const part = filePart(Buffer.concat(chunks), request.headers['content-type'] ?? '');
      requests.push({
        method: request.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        xsrf: request.headers['kbn-xsrf'] as string | undefined,
        fileName: part.name,
        fileType: part.type,
        content: part.content,
      });
      const send = (status: number, body: object): void => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || !/^(\/s\/[^/]+)?\/api\/saved_objects\/_import$/.test(url.pathname))
        return send(404, { statusCode: 404, error: 'Not Found', message: 'Not Found' });
      if (!request.headers['kbn-xsrf'])
        return send(400, { statusCode: 400, error: 'Bad Request', message: 'Request must contain a kbn-xsrf header.' });
      if (!part.content || !part.name?.endsWith('.ndjson'))
        return send(400, { statusCode: 400, error: 'Bad Request', message: 'Invalid file extension .txt' });
      send(
        200,
        answer(
          part.content
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line)),
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
