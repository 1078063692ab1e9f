import type { Command } from 'commander';
import readline from 'node:readline';
import { postSentiment } from '../../domain/sentiment';
import { languageCode } from '../arguments';

/** The scorer on an operator's own examples: one text per line in, one JSON object per line out. */
export function registerSentimentCommand(program: Command): void {
  program
    .command('sentiment')
    .description(
      'score texts from standard input, one per line: prints {"score": -1…1, "label": "positive"|"neutral"|"negative"} per line ' +
        '(score null with a reason when a text cannot be scored)',
    )
    .option('--lang <code>', "the texts' language, as a post's lang (only en is scored)", languageCode, 'en')
    .action(async (options: { lang: string }) => {
      const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        const sentiment = postSentiment(line, options.lang);
        const out = sentiment.score === null ? { score: null, label: null, reason: sentiment.reason } : sentiment;
        process.stdout.write(`${JSON.stringify(out)}\n`);
      }
    });
}
