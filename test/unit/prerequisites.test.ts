import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireJdk } from '../../infra/local/prerequisites';

describe('requireJdk', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-jdk-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the missing prerequisite and how to install it when JAVA_HOME holds no JDK', () => {
    expect(() => requireJdk(dir)).toThrow(
      /^Missing prerequisite: a JDK with javac .*Install a JDK 17 or newer \(Debian\/Ubuntu: apt-get install openjdk-17-jdk-headless\) or set JAVA_HOME\.$/,
    );
  });

  it('refuses a JDK older than 17', () => {
    const home = path.join(dir, 'jdk11');
    fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(home, 'bin', 'javac'), '');
    fs.writeFileSync(path.join(home, 'release'), 'JAVA_VERSION="11.0.2"\n');
    expect(() => requireJdk(home)).toThrow(/Java 17 or newer \(found 11 at /);
  });

  it('accepts a JDK 17 or newer', () => {
    const home = path.join(dir, 'jdk17');
    fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(home, 'bin', 'javac'), '');
    fs.writeFileSync(path.join(home, 'release'), 'JAVA_VERSION="17.0.15"\n');
    expect(requireJdk(home)).toEqual({ home, major: 17 });
  });
});
