'use strict';
// The drill-down of a day under the chart: why it stood out (its words, hashtags and most retweeted tweets).
(() => {
  const { $, getJson, rowOf } = window.buzz;

  /** GET /api/shows/<key>/explain?date=… */
  async function explainDay(showKey, showName, date) {
    document.body.dataset.ready = 'false';
    const result = await getJson(`api/shows/${encodeURIComponent(showKey)}/explain?date=${date}`);
    $('explain-title').textContent = `Why this day: ${showName}, ${date}`;
    $('explain-summary').textContent = `${result.tweets} matching tweets of ${result.sample} that day.`;
    for (const [table, terms, what] of [
      ['explain-terms', result.terms, 'Word'],
      ['explain-hashtags', result.hashtags, 'Hashtag'],
    ]) {
      $(table).tHead.replaceChildren(rowOf([what, 'Matching tweets', "Day's tweets"], 'th'));
      const rows = terms.map((t) =>
        rowOf([table === 'explain-hashtags' ? `#${t.term}` : t.term, t.tweets, t.sample_tweets]),
      );
      $(table).tBodies[0].replaceChildren(...(rows.length > 0 ? rows : [rowOf(['nothing stands out', '', ''])]));
    }
    $('explain-retweeted').replaceChildren(
      ...result.top_retweeted.map((tweet) => {
        const item = document.createElement('li');
        const by = document.createElement('strong');
        by.textContent = `${tweet.retweets} retweets · @${tweet.user_screen_name}: `;
        item.append(by, tweet.text);
        return item;
      }),
    );
    $('explain-note').textContent =
      result.retweets_of_unavailable > 0
        ? `Not shown: ${result.retweets_of_unavailable} retweets of tweets no longer held (deleted, or never ingested).`
        : '';
    $('explain-view').hidden = false;
    window.buzzDashboard.explained = result;
    document.body.dataset.ready = 'true';
  }

  Object.assign(window.buzz, { explainDay });
})();
