import { createHash } from 'node:crypto';
import {
  BAD_REASONS,
  IGNORED_KINDS,
  classifyFrame,
  postToDoc,
  repostToDoc,
  type BadReason,
  type IgnoredKind,
  type JetstreamEvent,
} from './bluesky';
import { dayOfMs, type Day } from './days';
import type { LiveHourManifest } from './ingest-manifests';
import { keepsLanguage, type LanguageFilter } from './languages';
import { sentimentOf, type SentimentScorer, type TweetDoc } from './tweet';

type RepostEvent = Extract<JetstreamEvent, { kind: 'repost' }>;

/**
 * A commit's identity for de-duplication; other events are the same when their frames are. A
 * frame is a slice of its whole part's text: kept as such, it would keep every part in memory.
 */
function identity(event: JetstreamEvent, frame: string): string {
  return 'uri' in event
    ? `${event.uri}|${event.kind}|${event.rev}`
    : createHash('sha256').update(frame).digest('base64');
}

/**
 * One hour of the live capture, frame by frame in stored order: every distinct frame counted once,
 * as exactly one kind; the posts in the language filter kept as tweet documents, the reposts and
 * the deletes noted in order (a repost after its post's delete carries nothing).
 */
export class LiveHourTally {
  frames = 0;
  duplicates = 0;
  postsSeen = 0;
  filteredOut = 0;
  postsEmptyText = 0;
  postDeletes = 0;
  repostDeletes = 0;
  readonly ignoredByKind = Object.fromEntries(IGNORED_KINDS.map((kind) => [kind, 0])) as Record<IgnoredKind, number>;
  readonly badByReason = Object.fromEntries(BAD_REASONS.map((reason) => [reason, 0])) as Record<BadReason, number>;
  /** The hour's posts in the language filter, deleted later in the hour or not. */
  readonly posts = new Map<string, TweetDoc>();
  /** Reposts, with whether their post was deleted before them (then they carry no text). */
  readonly reposts: { event: RepostEvent; subjectDeleted: boolean }[] = [];
  /** The at-uris deleted in the hour. */
  readonly deleted = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly languages: LanguageFilter,
    private readonly score: SentimentScorer = sentimentOf,
  ) {}

  add(frame: string): void {
    const event = classifyFrame(frame);
    const id = identity(event, frame);
    if (this.seen.has(id)) {
      this.duplicates++;
      return;
    }
    this.seen.add(id);
    this.frames++;
    switch (event.kind) {
      case 'post': {
        this.postsSeen++;
        if (!event.post.text) this.postsEmptyText++;
        const doc = postToDoc(event, this.score);
        if (keepsLanguage(this.languages, doc.lang)) this.posts.set(doc.id, doc);
        else this.filteredOut++;
        break;
      }
      case 'repost':
        this.reposts.push({ event, subjectDeleted: this.deleted.has(event.subject) });
        break;
      case 'post_delete':
        this.postDeletes++;
        this.deleted.add(event.uri);
        break;
      case 'repost_delete':
        this.repostDeletes++;
        this.deleted.add(event.uri);
        break;
      case 'ignored':
        this.ignoredByKind[event.reason]++;
        break;
      case 'bad':
        this.badByReason[event.reason]++;
        break;
    }
  }

  /** The posts reposted in the hour that the hour itself does not hold: the index may. */
  subjectsFromEarlier(): string[] {
    return [...new Set(this.reposts.map(({ event }) => event.subject))].filter((uri) => !this.posts.has(uri));
  }

  repostUris(): string[] {
    return this.reposts.map(({ event }) => event.uri);
  }

  /**
   * Reposts take their post's text: from this hour, or from the index before this hour's deletes
   * apply. A repost already indexed (the hour sealed before) is kept as it was.
   */
  resolveReposts(
    earlierSubjects: ReadonlyMap<string, TweetDoc>,
    sealedBefore: ReadonlyMap<string, TweetDoc>,
  ): { docs: TweetDoc[]; unresolved: number } {
    const docs: TweetDoc[] = [];
    let unresolved = 0;
    for (const { event, subjectDeleted } of this.reposts) {
      const subject = subjectDeleted
        ? undefined
        : (this.posts.get(event.subject) ?? earlierSubjects.get(event.subject));
      const doc = subject ? repostToDoc(event, subject) : sealedBefore.get(event.uri);
      if (doc) docs.push(doc);
      else unresolved++;
    }
    return { docs, unresolved };
  }

  /** What is indexed: the posts and resolved reposts neither deleted in the hour nor tombstoned by a later one. */
  kept(repostDocs: TweetDoc[], tombstoned: ReadonlySet<string>) {
    const live = (doc: TweetDoc) => !this.deleted.has(doc.id) && !tombstoned.has(doc.id);
    const candidates = [...this.posts.values(), ...repostDocs];
    return {
      posts: [...this.posts.values()].filter(live),
      reposts: repostDocs.filter(live),
      deletedInHour: candidates.filter((doc) => this.deleted.has(doc.id)).length,
    };
  }
}

/** Earlier UTC days than `day` whose documents these are: their shows recompute. */
export function otherDays(docs: TweetDoc[], day: Day): Day[] {
  return [...new Set(docs.map((doc) => dayOfMs(Date.parse(doc.created_at))).filter((other) => other !== day))].sort();
}

/** The sealed hour's manifest, from its tally and what sealing kept and removed. */
export function liveHourManifest(
  hour: { day: Day; hour: string; complete: boolean },
  tally: LiveHourTally,
  sealed: {
    kept: ReturnType<LiveHourTally['kept']>;
    repostsUnresolved: number;
    deletedEarlier: number;
    affectedDays: Day[];
    seconds: number;
  },
): LiveHourManifest {
  return {
    source: 'bluesky',
    ...hour,
    frames: tally.frames,
    duplicates: tally.duplicates,
    posts: tally.postsSeen,
    posts_kept: sealed.kept.posts.length,
    filtered_out: tally.filteredOut,
    posts_empty_text: tally.postsEmptyText,
    reposts: tally.reposts.length,
    reposts_kept: sealed.kept.reposts.length,
    reposts_unresolved: sealed.repostsUnresolved,
    post_deletes: tally.postDeletes,
    repost_deletes: tally.repostDeletes,
    deletes_applied: sealed.kept.deletedInHour + sealed.deletedEarlier,
    ignored_by_kind: tally.ignoredByKind,
    bad_by_reason: tally.badByReason,
    kept: sealed.kept.posts.length + sealed.kept.reposts.length,
    affected_days: sealed.affectedDays,
    seconds: sealed.seconds,
  };
}
