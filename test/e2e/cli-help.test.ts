import type { Command } from 'commander';
import { buildProgram } from '../../cli/main';
import { runCli } from '../support/cli';

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return [path, ...commandPaths(sub, path)];
  });
}

describe('buzztracker --help', () => {
  const paths = commandPaths(buildProgram());

  it('lists the stack and demo commands', () => {
    expect(paths).toEqual(
      expect.arrayContaining([['stack'], ['stack', 'up'], ['stack', 'down'], ['stack', 'status'], ['demo']]),
    );
  });

  it.each([[[]], ...paths.map((p) => [p])])('prints usage for "%s"', async (path: string[]) => {
    const result = await runCli([...path, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: buzztracker${path.length ? ' ' + path.join(' ') : ''} `);
  });

  it('exits 2 on an unknown command, suggesting the closest', async () => {
    const result = await runCli(['stak']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: unknown command 'stak'\n(Did you mean stack?)\n");
  });
});
