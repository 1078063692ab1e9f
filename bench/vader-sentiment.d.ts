/** The `vader-sentiment` package (VADER's JavaScript port) ships no types; the bench compares against it. */
declare module 'vader-sentiment' {
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}
