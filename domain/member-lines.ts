import { emptyCounts, type IngestCounts } from './ingest-counts';
import { keepsLanguage, type LanguageFilter } from './languages';
import { inSampleWindow } from './sample-check';
import { classifyLine } from './stream-lines';
import { sentimentOf, toTweetDoc, type RawStatus, type SentimentScorer } from './tweet';

/** The status as a serialized tweet document, or undefined when it cannot be projected. */
function projected(status: RawStatus, score: SentimentScorer): string | undefined {
  try {
    return JSON.stringify(toTweetDoc(status, score));
  } catch {
    return undefined;
  }
}

/** What the lines of one archive member came to. */
export interface SortedLines {
  counts: IngestCounts;
  /** The kept tweet documents as NDJSON ("" or lines each ending in "\n"). */
  kept: string;
  /** Ids named by the member's delete notices. */
  deletedIds: string[];
}

/**
 * Sorts lines of the stream as they come: each is counted exactly once (kept, filtered out,
 * notice or malformed), kept statuses are projected to tweet documents, delete notices give ids.
 * Only statuses that pass the language filter are projected: a filtered-out status is never
 * looked at beyond what classifies it, so a projection that fails (no usable timestamp, a text
 * that is not a string) makes a kept status `unknown_shape`, and a filtered-out one stays
 * filtered out.
 */
export class MemberLines {
  readonly counts = emptyCounts();
  private readonly kept: string[] = [];
  private readonly deletedIds: string[] = [];

  /** `score`: the sentiment scorer (the benchmark swaps it to measure what scoring costs). */
  constructor(
    private readonly languages: LanguageFilter,
    private readonly score: SentimentScorer = sentimentOf,
  ) {}

  add(line: string, complete: boolean): void {
    const counts = this.counts;
    counts.lines++;
    const parsed = classifyLine(line, complete);
    if (parsed.kind === 'status') {
      const keep = keepsLanguage(this.languages, parsed.status.lang ?? 'und');
      const doc = keep ? projected(parsed.status, this.score) : undefined;
      if (keep && doc === undefined) {
        counts.malformed++;
        counts.malformed_by_reason.unknown_shape++;
        return;
      }
      counts.statuses++;
      if (doc === undefined) {
        counts.filtered_out++;
        return;
      }
      counts.kept++;
      this.kept.push(doc);
      const sampled = inSampleWindow(parsed.status.id_str);
      if (sampled !== undefined) {
        counts.sample_checked++;
        if (sampled) counts.sample_in_window++;
      }
    } else if (parsed.kind === 'notice') {
      counts.notices++;
      counts.notices_by_kind[parsed.notice]++;
      if (parsed.deletedId) this.deletedIds.push(parsed.deletedId);
    } else {
      counts.malformed++;
      counts.malformed_by_reason[parsed.reason]++;
    }
  }

  sorted(): SortedLines {
    return {
      counts: this.counts,
      kept: this.kept.length > 0 ? this.kept.join('\n') + '\n' : '',
      deletedIds: this.deletedIds,
    };
  }
}
