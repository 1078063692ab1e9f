import WebSocket from 'ws';
import { CAPTURED_COLLECTIONS } from '../domain/bluesky';

/**
 * P7's baseline: a bare Jetstream reader, run as its own process (`node jetstream-reader.js URL
 * CURSOR FRAMES`). It subscribes as the capture does (posts and reposts, from a cursor), decodes
 * each frame to a string and keeps nothing; it stops after FRAMES frames and prints
 * `{"frames":…,"bytes":…,"seconds":…,"cpuSeconds":…}`, timed from the socket's opening to the
 * last frame (CPU: the whole process).
 */
function main(): void {
  const [url, cursor, wanted] = process.argv.slice(2);
  if (!url || !cursor || !wanted) throw new Error('usage: jetstream-reader URL CURSOR FRAMES');
  const expected = Number(wanted);
  const target = new URL(url);
  for (const collection of CAPTURED_COLLECTIONS) target.searchParams.append('wantedCollections', collection);
  target.searchParams.set('cursor', cursor);
  const socket = new WebSocket(target, { maxPayload: 4 * 1024 * 1024 });
  let frames = 0;
  let bytes = 0;
  let opened = 0n;
  socket.on('open', () => (opened = process.hrtime.bigint()));
  socket.on('message', (data) => {
    bytes += data.toString().length;
    if (++frames < expected) return;
    const seconds = Number(process.hrtime.bigint() - opened) / 1e9;
    const cpu = process.cpuUsage();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    process.stdout.write(`${JSON.stringify({ frames, bytes, seconds, cpuSeconds })}\n`);
    socket.terminate();
  });
  socket.on('close', () => {
    if (frames < expected) process.exitCode = 1;
  });
  socket.on('error', (error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

main();
