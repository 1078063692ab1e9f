import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { privateDir } from '../../infra/local/certificates';

describe('privateDir (the local stack’s secrets folder)', () => {
  it('closes only the folder itself: the folders it makes on the way stay enterable by other users', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dir-'));
    try {
      const stack = path.join(root, '.stack');
      const secure = path.join(stack, 'secure');
      privateDir(secure);
      const mode = (dir: string) => fs.statSync(dir).mode & 0o777;
      // Elasticsearch runs as "nobody" when the stack runs as root: it must get through .stack.
      expect(mode(stack) & 0o005).toBe(0o005);
      expect(mode(secure)).toBe(0o700);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
