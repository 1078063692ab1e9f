package org.buzztracker.elasticsearch.analysis;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The Maven Central distribution of Elasticsearch ships without the analysis-common module, yet
 * the security index (created with the first API key) declares an {@code email} analyzer built
 * from three of that module's components. This plugin registers exactly those three, with the
 * settings analysis-common documents, over Lucene's own implementations (lucene-analysis-common,
 * which the distribution does ship):
 * <ul>
 *   <li>{@code uax_url_email} tokenizer ({@code max_token_length}, default 255);</li>
 *   <li>{@code pattern_capture} token filter ({@code patterns}, {@code preserve_original}, default true);</li>
 *   <li>{@code unique} token filter ({@code only_on_same_position}, default false).</li>
 * </ul>
 * The analyzer's fourth component, {@code lowercase}, is built into the server.
 */
public class SecurityAnalysisPlugin extends Plugin implements AnalysisPlugin {
    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("uax_url_email", SecurityAnalysisPlugin::uaxUrlEmail);
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "pattern_capture",
            requiresAnalysisSettings(SecurityAnalysisPlugin::patternCapture),
            "unique",
            SecurityAnalysisPlugin::unique
        );
    }

    private static TokenizerFactory uaxUrlEmail(IndexSettings index, Environment env, String name, Settings settings) {
        int maxTokenLength = settings.getAsInt("max_token_length", StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
        return TokenizerFactory.newFactory(name, () -> {
            UAX29URLEmailTokenizer tokenizer = new UAX29URLEmailTokenizer();
            tokenizer.setMaxTokenLength(maxTokenLength);
            return tokenizer;
        });
    }

    private static TokenFilterFactory patternCapture(IndexSettings index, Environment env, String name, Settings settings) {
        List<String> regexes = settings.getAsList("patterns");
        if (regexes.isEmpty()) {
            throw new IllegalArgumentException("required setting 'patterns' is missing for token filter [" + name + "]");
        }
        Pattern[] patterns = regexes.stream().map(Pattern::compile).toArray(Pattern[]::new);
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", true);
        return filter(name, input -> new PatternCaptureGroupTokenFilter(input, preserveOriginal, patterns));
    }

    private static TokenFilterFactory unique(IndexSettings index, Environment env, String name, Settings settings) {
        boolean onlyOnSamePosition = settings.getAsBoolean("only_on_same_position", false);
        return filter(name, input -> onlyOnSamePosition ? new RemoveDuplicatesTokenFilter(input) : new UniqueTokenFilter(input));
    }

    private static TokenFilterFactory filter(String name, UnaryOperator<TokenStream> create) {
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream input) {
                return create.apply(input);
            }
        };
    }
}
