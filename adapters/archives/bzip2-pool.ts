import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BuzzError } from '../../domain/errors';

/**
 * Long-lived compressors (Python's bz2 module, libbz2 underneath), one request at a time each.
 * Forking a bzip2 process per member costs a large Node process milliseconds of page-table
 * copying — more than compressing a small member — so sample archives reuse these instead.
 */
const COMPRESSOR = `
import bz2, struct, sys
read, write = sys.stdin.buffer.read, sys.stdout.buffer.write
while True:
    head = read(4)
    if len(head) < 4:
        break
    data = bz2.compress(read(struct.unpack('>I', head)[0]), 9)
    write(struct.pack('>I', len(data)) + data)
    sys.stdout.buffer.flush()
`;

class Compressor {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private waiting?: { resolve: (data: Buffer) => void; reject: (error: Error) => void };
  busy: Promise<unknown> = Promise.resolve();

  constructor() {
    this.child = spawn('python3', ['-c', COMPRESSOR], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      if (this.buffer.length >= 4 && this.buffer.length >= 4 + this.buffer.readUInt32BE(0)) {
        const size = this.buffer.readUInt32BE(0);
        const data = this.buffer.subarray(4, 4 + size);
        this.buffer = this.buffer.subarray(4 + size);
        this.waiting?.resolve(data);
        this.waiting = undefined;
      }
    });
    const fail = (error: Error): void => {
      this.waiting?.reject(
        new BuzzError('compressor_failed', `python3 bz2 compressor: ${error.message}`, { cause: error }),
      );
      this.waiting = undefined;
    };
    this.child.once('error', fail);
    this.child.once('exit', (code) => fail(new Error(`exited with code ${code}`)));
  }

  compress(content: string | Buffer): Promise<Buffer> {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const result = new Promise<Buffer>((resolve, reject) => (this.waiting = { resolve, reject }));
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    this.child.stdin.write(Buffer.concat([head, data]));
    return result;
  }

  close(): void {
    this.child.stdin.end();
  }
}

export class Bzip2Pool {
  private readonly compressors: Compressor[];
  private next = 0;

  constructor(size: number) {
    this.compressors = Array.from({ length: size }, () => new Compressor());
  }

  /** Compresses on the next compressor once it is free; results come back in call order per compressor. */
  compress(content: string | Buffer): Promise<Buffer> {
    const compressor = this.compressors[this.next++ % this.compressors.length]!;
    const result = compressor.busy.then(() => compressor.compress(content));
    compressor.busy = result.catch(() => undefined);
    return result;
  }

  close(): void {
    for (const compressor of this.compressors) compressor.close();
  }
}
