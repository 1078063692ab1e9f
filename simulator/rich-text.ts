/**
 * Bluesky rich text: a post's `text` and the `facets` that mark hashtags, mentions and links in
 * it. A facet's range is in UTF-8 BYTES, not characters: "café #tag" has its tag at bytes 6–10,
 * though at characters 5–9. The generator builds a text from pieces so that every range is
 * right by construction, however many emoji, accents or CJK characters come before it.
 */

export type FacetFeature =
  | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  | { $type: 'app.bsky.richtext.facet#mention'; did: string }
  | { $type: 'app.bsky.richtext.facet#link'; uri: string };

export interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: FacetFeature[];
}

/** A piece of a text; the pieces are joined by single spaces. */
export interface Piece {
  text: string;
  /** The facet that covers this whole piece, if any. */
  feature?: FacetFeature;
}

export function richText(pieces: readonly Piece[]): { text: string; facets: Facet[] } {
  const facets: Facet[] = [];
  let text = '';
  let bytes = 0;
  pieces.forEach((piece, i) => {
    if (i > 0) {
      text += ' ';
      bytes += 1;
    }
    const length = Buffer.byteLength(piece.text, 'utf8');
    if (piece.feature) facets.push({ index: { byteStart: bytes, byteEnd: bytes + length }, features: [piece.feature] });
    text += piece.text;
    bytes += length;
  });
  return { text, facets };
}

export const tagFeature = (tag: string): FacetFeature => ({ $type: 'app.bsky.richtext.facet#tag', tag });
export const mentionFeature = (did: string): FacetFeature => ({ $type: 'app.bsky.richtext.facet#mention', did });
export const linkFeature = (uri: string): FacetFeature => ({ $type: 'app.bsky.richtext.facet#link', uri });

/**
 * A show phrase as pieces: each `#word` gets a tag facet and each `@name` a mention facet, as
 * the Bluesky app makes them when one types them. Hashtag and mention terms of a show match
 * through those facets (the document's `hashtags` and `mentions`), as they match through a
 * tweet's entities on Twitter; the phrase's text is unchanged.
 */
export function phrasePieces(phrase: string, mentionDid: (name: string) => string): Piece[] {
  return phrase.split(' ').map((token) => {
    if (/^#[\p{L}\p{N}_]+$/u.test(token)) return { text: token, feature: tagFeature(token.slice(1)) };
    if (/^@[\p{L}\p{N}_]+$/u.test(token)) return { text: token, feature: mentionFeature(mentionDid(token.slice(1))) };
    return { text: token };
  });
}
