import type { Repositories } from '../adapters/repositories';
import type { Day } from '../domain/days';
import { classifyDays, textsToRead, type OrganicDay, type OrganicPost } from '../domain/organic';
import type { ShowConfig } from '../domain/show-config';
import type { Source } from '../domain/tweet';

/**
 * A show's matching posts from `from` to `to` (its local days) and each day's organic figures
 * (domain/organic.ts). The posts are read without their text, then the texts the classification
 * needs (textsToRead: owned posts and possible near-duplicates, a few of a day's posts).
 */
export async function classifiedPosts(
  repos: Pick<Repositories, 'tweets'>,
  show: ShowConfig,
  from: Day,
  to: Day,
  source?: Source,
): Promise<{ posts: OrganicPost[]; days: Map<Day, OrganicDay> }> {
  const official = show.official_accounts ?? [];
  const found = await repos.tweets.matchingPosts(show, from, to, source);
  const toRead = textsToRead(found, official, show.timezone);
  const read = await repos.tweets.originals(toRead);
  const posts = found.map((post) => ({ ...post, text: read.get(post.id)?.text ?? post.text }));
  return { posts, days: classifyDays(posts, official, show.timezone) };
}
