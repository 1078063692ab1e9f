import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommanderError, type Command } from 'commander';
import { loadClientConfigProfile } from '@temporalio/envconfig';
import { buildProgram } from '../../cli/main';
import { PROJECT_ROOT, SCHEMA_VARIABLES, loadConfig } from '../../config/config';
import { SECRET_VARIABLES } from '../../config/secrets';

/*
 * The docs cannot drift from the code: the configuration reference lists exactly the variables
 * the code reads, every command line shown in a shell block is one the CLI accepts, and every
 * relative link and anchor leads somewhere.
 */

const DOCS = ['README.md', ...fs.readdirSync(path.join(PROJECT_ROOT, 'docs')).map((name) => `docs/${name}`)]
  .filter((file) => file.endsWith('.md'))
  .sort();
const REFERENCE = 'docs/configuration.md';
const SHELL_LANGUAGES = new Set(['', 'sh', 'bash', 'shell']);

interface Block {
  language: string;
  /** 1-based line number of each line of the block. */
  lines: { number: number; text: string }[];
}

interface MarkdownFile {
  file: string;
  blocks: Block[];
  /** The text with fenced blocks blanked out, line numbers kept: where headings are. */
  outsideBlocks: string;
  /** The same with code spans blanked out too: where links are. */
  prose: string;
}

function readMarkdown(file: string): MarkdownFile {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  const blocks: Block[] = [];
  const prose: string[] = [];
  let open: { fence: string; block: Block } | undefined;
  text.split('\n').forEach((line, index) => {
    const fence = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (open) {
      prose.push('');
      if (fence && fence[1]!.startsWith(open.fence) && line.trim() === fence[1]) open = undefined;
      else open.block.lines.push({ number: index + 1, text: line });
    } else if (fence) {
      prose.push('');
      open = { fence: fence[1]!, block: { language: fence[2]!, lines: [] } };
      blocks.push(open.block);
    } else prose.push(line);
  });
  const outsideBlocks = prose.join('\n');
  const blank = (span: string) => span.replace(/[^\n]/g, ' ');
  return { file, blocks, outsideBlocks, prose: outsideBlocks.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank) };
}

const markdown = DOCS.map(readMarkdown);
const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-docs-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('docs/configuration.md', () => {
  /** Each reference row's variable; a row of anything else is a problem. */
  function documentedVariables(): { names: Map<string, number>; problems: string[] } {
    const names = new Map<string, number>();
    const problems: string[] = [];
    const lines = fs.readFileSync(path.join(PROJECT_ROOT, REFERENCE), 'utf8').split('\n');
    const start = lines.indexOf('## Reference');
    if (start < 0) return { names, problems: [`${REFERENCE}: no "## Reference" section`] };
    for (let i = start + 1; i < lines.length && !lines[i]!.startsWith('## '); i++) {
      const first = /^\|([^|]*)\|/.exec(lines[i]!)?.[1]?.trim();
      if (first === undefined || first === 'variable' || /^-+$/.test(first)) continue;
      const name = /^`([A-Z][A-Z0-9_]*(?:<[A-Z]+>)?)`$/.exec(first)?.[1];
      if (!name) problems.push(`${REFERENCE}:${i + 1}: a reference row names one variable in backticks, not ${first}`);
      else if (names.has(name)) problems.push(`${REFERENCE}:${i + 1}: ${name} is documented twice`);
      else names.set(name, i + 1);
    }
    return { names, problems };
  }

  const noTemporalFile = path.join(scratch, 'temporal.toml');

  /**
   * config/temporal.ts hands the environment to Temporal's envconfig, which reads its variables by
   * name: every name it asks for is one of the code's variables. (The machine's own temporal.toml
   * is kept out of it.)
   */
  function variablesTemporalReads(): string[] {
    const asked = new Set<string>();
    const env = new Proxy<Record<string, string>>(
      {},
      {
        get: (_target, name) => {
          if (typeof name === 'string') asked.add(name);
          return name === 'TEMPORAL_CONFIG_FILE' ? noTemporalFile : undefined;
        },
      },
    );
    loadClientConfigProfile({ overrideEnvVars: env });
    return [...asked].filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name));
  }

  /** A family such as TEMPORAL_GRPC_META_<NAME> is read when one of its members changes the configuration. */
  function familyIsRead(family: string): boolean {
    const base = { TEMPORAL_CONFIG_FILE: noTemporalFile };
    const probe = { ...base, [family.replace(/<[A-Z]+>$/, 'PROBE')]: 'probe' };
    return JSON.stringify(loadConfig(probe)) !== JSON.stringify(loadConfig(base));
  }

  it('documents every variable the code reads, and only those, one row each', () => {
    const read = new Set([
      ...SCHEMA_VARIABLES,
      ...SECRET_VARIABLES.map((name) => `${name}_FILE`),
      ...variablesTemporalReads(),
    ]);
    const { names, problems } = documentedVariables();
    expect(problems).toEqual([]);
    const documented = [...names.keys()];
    expect({
      undocumented: [...read].filter((name) => !names.has(name)).sort(),
      documentedButNotRead: documented
        .filter((name) => (name.includes('<') ? !familyIsRead(name) : !read.has(name)))
        .map((name) => `${name} (${REFERENCE}:${names.get(name)})`),
    }).toEqual({ undocumented: [], documentedButNotRead: [] });
  });
});

/** Splits a shell line into its simple commands' words: quotes, escapes, comments, `;`, `&&`, `|`, `&`, redirections. */
function shellCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  let word: string | undefined;
  let redirected = false;
  const endWord = () => {
    if (word !== undefined && !redirected) commands[commands.length - 1]!.push(word);
    if (word !== undefined) redirected = false;
    word = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new Error('unclosed single quote');
      word = (word ?? '') + line.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      let text = '';
      for (i++; i < line.length && line[i] !== '"'; i++)
        text += line[i] === '\\' && '"\\$`'.includes(line[i + 1] ?? '') ? line[++i] : line[i];
      if (i >= line.length) throw new Error('unclosed double quote');
      word = (word ?? '') + text;
    } else if (c === '\\') word = (word ?? '') + (line[++i] ?? '');
    else if (/\s/.test(c)) endWord();
    else if (c === '#' && word === undefined) break;
    else if (';&|'.includes(c)) {
      endWord();
      commands.push([]);
      if (line[i + 1] === c) i++;
    } else if (c === '<' && /^<[A-Za-z_][^<>\s]*>/.test(line.slice(i))) {
      const placeholder = /^<[^>]*>/.exec(line.slice(i))![0];
      word = (word ?? '') + placeholder;
      i += placeholder.length - 1;
    } else if (c === '>' || c === '<') {
      // A redirection's target is not an argument; `2>` names a file descriptor, `>&1` another.
      if (word !== undefined && /^\d+$/.test(word)) word = undefined;
      endWord();
      while (line[i + 1] === '>') i++;
      if (line[i + 1] === '&') for (i++; /\d/.test(line[i + 1] ?? ''); i++);
      else redirected = true;
    } else word = (word ?? '') + c;
  }
  endWord();
  return commands.filter((words) => words.length > 0);
}

const SCRIPTS = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** The arguments a command passes to the buzztracker CLI, or undefined when it does not run it. */
function buzztrackerArguments(words: string[]): string[] | undefined {
  const first = words.findIndex((word) => !/^[A-Za-z_]\w*=/.test(word));
  if (first < 0) return undefined;
  const [command, ...rest] = words.slice(first);
  if (command === 'buzztracker') return rest;
  if (command === 'npx' && rest[0] === 'buzztracker') return rest.slice(1);
  if (command === 'node') {
    const script = rest.findIndex((word) => !word.startsWith('-'));
    return rest[script]?.endsWith('bin/buzztracker.js') ? rest.slice(script + 1) : undefined;
  }
  if (command === 'npm' && rest[0] === 'run' && SCRIPTS[rest[1] ?? '']) {
    const inner = shellCommands(SCRIPTS[rest[1]!]!).map(buzztrackerArguments).find(Boolean);
    const dashes = rest.indexOf('--');
    return inner && [...inner, ...(dashes < 0 ? [] : rest.slice(dashes + 1))];
  }
  return undefined;
}

interface CommandLine {
  where: string;
  text: string;
  args: string[];
}

/** Every buzztracker command line of the docs' shell blocks, continuation lines joined; and what could not be read. */
function documentedCommandLines(): { lines: CommandLine[]; problems: string[] } {
  const lines: CommandLine[] = [];
  const problems: string[] = [];
  for (const { file, blocks } of markdown)
    for (const block of blocks.filter((b) => SHELL_LANGUAGES.has(b.language))) {
      for (let i = 0; i < block.lines.length; i++) {
        const start = block.lines[i]!.number;
        let text = block.lines[i]!.text;
        while (text.endsWith('\\') && i + 1 < block.lines.length)
          text = `${text.slice(0, -1).trimEnd()} ${block.lines[++i]!.text.trimStart()}`;
        const where = `${file}:${start}`;
        let commands: string[][];
        try {
          commands = shellCommands(text);
        } catch (error) {
          problems.push(`${where}: ${(error as Error).message}: ${text}`);
          continue;
        }
        for (const words of commands) {
          const args = buzztrackerArguments(words);
          if (args) lines.push({ where, text: text.trim(), args });
          else if (words.some((word) => word === 'buzztracker' || word.endsWith('bin/buzztracker.js')))
            problems.push(`${where}: runs buzztracker in a way this test does not read: ${text.trim()}`);
        }
      }
    }
  return { lines, problems };
}

/** The CLI as built for users, with every action a no-op and nothing printed. */
function quietProgram(): { program: Command; leaves: string[] } {
  const program = buildProgram();
  const leaves: string[] = [];
  const walk = (command: Command, name: string[]): void => {
    command.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
    if (command.commands.length === 0) {
      command.action(() => {});
      leaves.push(name.join(' '));
    }
    for (const sub of command.commands) walk(sub, [...name, sub.name()]);
  };
  walk(program, []);
  return { program, leaves };
}

describe('command lines in README.md and docs/*.md', () => {
  const { lines, problems } = documentedCommandLines();

  /**
   * The docs' folders and sheets are made by earlier steps (sample-data writes ./sample): each is
   * made in a scratch folder, so that the CLI checks their form here, not this machine's files.
   */
  function withScratchPaths(args: string[]): string[] {
    return args.map((arg) => {
      const uri = /^(--[\w-]+=)?(dir|file):(.+)$/.exec(arg);
      if (!uri) return arg;
      const [, option = '', kind, location] = uri;
      const made = path.join(scratch, 'paths', location!);
      if (kind === 'dir') fs.mkdirSync(made, { recursive: true });
      else {
        fs.mkdirSync(path.dirname(made), { recursive: true });
        fs.writeFileSync(made, '');
      }
      return `${option}${kind}:${made}`;
    });
  }

  async function refusal(args: string[]): Promise<string | undefined> {
    const placeholder = args.find((arg) => /<[^<>\s]+>|…/.test(arg));
    if (placeholder) return `a placeholder (${placeholder}): show an example value instead`;
    try {
      await quietProgram().program.parseAsync(withScratchPaths(args), { from: 'user' });
      return undefined;
    } catch (error) {
      if (!(error instanceof CommanderError)) return String(error);
      if (error.exitCode === 0) return undefined;
      return error.code === 'commander.help' ? 'a command group without one of its commands' : error.message;
    }
  }

  it('are read whole', () => {
    expect(problems).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);
  });

  it('are accepted by the CLI: commands, options, choices, required options and values', async () => {
    const refused: string[] = [];
    for (const line of lines) {
      const why = await refusal(line.args);
      if (why) refused.push(`${line.where}: ${line.text}\n    ${why}`);
    }
    expect(refused).toEqual([]);
  });

  it('show every command of the CLI at least once', () => {
    const shown = lines.map((line) => `${line.args.join(' ')} `);
    const missing = quietProgram().leaves.filter((leaf) => !shown.some((args) => args.startsWith(`${leaf} `)));
    expect(missing).toEqual([]);
  });
});

/** GitHub's anchor of each heading: lower case, punctuation dropped, spaces to hyphens, repeats suffixed -1, -2, … */
function anchors(file: MarkdownFile): Set<string> {
  const seen = new Set<string>();
  for (const line of file.outsideBlocks.split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    let slug = base;
    for (let n = 1; seen.has(slug); n++) slug = `${base}-${n}`;
    seen.add(slug);
  }
  return seen;
}

describe('links in README.md and docs/*.md', () => {
  it('lead to files that exist and to headings they hold', () => {
    const broken: string[] = [];
    for (const file of markdown) {
      const targets = [
        ...file.prose.matchAll(/\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^\s)>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g),
        ...file.prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm),
      ];
      for (const match of targets) {
        const target = match[1]!;
        if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const where = `${file.file}:${lineOf(file.prose, match.index + match[0].lastIndexOf(target))}`;
        const [pathPart = '', anchor] = target.split('#');
        const resolved = pathPart ? path.join(path.dirname(file.file), decodeURI(pathPart)) : file.file;
        if (!fs.existsSync(path.join(PROJECT_ROOT, resolved))) {
          broken.push(`${where}: ${target}: no file ${resolved}`);
          continue;
        }
        if (anchor === undefined) continue;
        if (!resolved.endsWith('.md')) {
          broken.push(`${where}: ${target}: an anchor into ${resolved}, which is not Markdown`);
          continue;
        }
        const linked = markdown.find((m) => m.file === resolved) ?? readMarkdown(resolved);
        if (!anchors(linked).has(decodeURIComponent(anchor)))
          broken.push(`${where}: ${target}: no heading of ${resolved} has the anchor #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
