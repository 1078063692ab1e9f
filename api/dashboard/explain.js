'use strict';
// The drill-down of a day under the chart: why it stood out (its words, hashtags and most retweeted
// tweets), and what it said (its most positive and most negative posts).
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
    // The day's most positive and most negative matching posts, with their scores (docs/sentiment.md).
    for (const [list, posts, label] of [
      ['explain-positive', result.most_positive, 'positive'],
      ['explain-negative', result.most_negative, 'negative'],
    ]) {
      const items = posts.map((post) => {
        const item = document.createElement('li');
        const by = document.createElement('strong');
        by.textContent = `${post.sentiment > 0 ? '+' : ''}${post.sentiment.toFixed(2)} · @${post.user_screen_name}: `;
        item.append(by, post.text);
        return item;
      });
      if (items.length === 0) {
        const none = document.createElement('li');
        none.className = 'note';
        none.textContent = `No ${label} post among the scored matching posts of the day.`;
        items.push(none);
      }
      $(list).replaceChildren(...items);
    }
    $('explain-view').hidden = false;
    window.buzzDashboard.explained = result;
    document.body.dataset.ready = 'true';
  }

  Object.assign(window.buzz, { explainDay });
})();
