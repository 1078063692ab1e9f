package org.buzztracker.elasticsearch.analysis;

import java.io.IOException;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Keeps the first occurrence of each term in the stream and drops the repeats, wherever they are. */
final class UniqueTokenFilter extends FilteringTokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final CharArraySet seen = new CharArraySet(8, false);

    UniqueTokenFilter(TokenStream input) {
        super(input);
    }

    @Override
    protected boolean accept() {
        if (seen.contains(term.buffer(), 0, term.length())) return false;
        seen.add(term.toString());
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        seen.clear();
    }
}
