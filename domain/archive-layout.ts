import type { Day } from './days';

/**
 * The Archive Team "Twitter Stream Grab" layout: one archive per day, named
 * twitter_stream_YYYY_MM_DD.tar (or twitter-stream-YYYY-MM-DD.zip in later months), inside the
 * archive.org item archiveteam-twitter-stream-YYYY-MM; members YYYY/MM/DD/HH/MM.json.bz2 (some
 * years .json.gz), one per minute.
 */
export function archiveFileNames(day: Day): string[] {
  const [y, m, d] = day.split('-');
  return [
    `twitter_stream_${y}_${m}_${d}.tar`,
    `twitter-stream-${y}-${m}-${d}.zip`,
    `twitter-stream-${y}-${m}-${d}.tar`,
  ];
}

export function archiveItemName(day: Day): string {
  return `archiveteam-twitter-stream-${day.slice(0, 7)}`;
}

export type Compression = 'bz2' | 'gz' | 'none';

export interface MemberName {
  hour: number;
  minute: number;
  compression: Compression;
}

const MEMBER = /(?:^|\/)(\d{2})\/(\d{2})\.json(\.bz2|\.gz)?$/;

/** The hour and minute of a stream member from its path, or undefined for anything else in the archive. */
export function parseMemberName(name: string): MemberName | undefined {
  const match = MEMBER.exec(name);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return undefined;
  const compression: Compression = match[3] === '.bz2' ? 'bz2' : match[3] === '.gz' ? 'gz' : 'none';
  return { hour, minute, compression };
}

/** Groups are the unit of parallel work: one per hour of the day, "00" … "23". */
export function groupOfHour(hour: number): string {
  return String(hour).padStart(2, '0');
}

export type Container = 'tar' | 'zip';

export interface SkippedEntry {
  name: string;
  reason: string;
}

/** A day's hour groups with their members and bytes, in order, and the hours the archive does not have. */
export function groupsOfMembers(members: { hour: number; size: number }[]): {
  groups: { group: string; members: number; bytes: number }[];
  hoursMissing: string[];
} {
  const groups = new Map<string, { group: string; members: number; bytes: number }>();
  for (const member of members) {
    const group = groupOfHour(member.hour);
    const entry = groups.get(group) ?? { group, members: 0, bytes: 0 };
    entry.members++;
    entry.bytes += member.size;
    groups.set(group, entry);
  }
  const all = Array.from({ length: 24 }, (_, hour) => groupOfHour(hour));
  return {
    groups: [...groups.values()].sort((a, b) => a.group.localeCompare(b.group)),
    hoursMissing: all.filter((group) => !groups.has(group)),
  };
}
