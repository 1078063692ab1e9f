'use strict';
// The drill-down of a day under the chart: why it stood out (its words, hashtags and most retweeted
// tweets), what it said (its most positive and most negative posts), and what was set apart from
// the audience (its copy-paste floods and its official accounts' posts: docs/organic.md).
(() => {
  const { $, getJson, rowOf } = window.buzz;

  /** A line of a list that is about the list, not one of its posts. */
  function note(text) {
    const li = document.createElement('li');
    li.className = 'note';
    li.textContent = text;
    return li;
  }

  /** A list's items, or one line saying it has none. */
  function listed(list, items, none) {
    $(list).replaceChildren(...(items.length > 0 ? items : [note(none)]));
  }

  /** A post or a cluster: what leads it in bold, then its text. */
  function item(lead, text) {
    const li = document.createElement('li');
    const strong = document.createElement('strong');
    strong.textContent = lead;
    li.append(strong, text);
    return li;
  }

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
      ...result.top_retweeted.map((tweet) =>
        item(`${tweet.retweets} retweets · @${tweet.user_screen_name}: `, tweet.text),
      ),
    );
    $('explain-note').textContent =
      result.retweets_of_unavailable > 0
        ? `Not shown: ${result.retweets_of_unavailable} retweets of tweets no longer held (deleted, or never ingested).`
        : '';
    // The day's most positive and most negative matching posts, with their scores (docs/sentiment.md).
    for (const [list, posts, label] of [
      ['explain-positive', result.most_positive, 'positive'],
      ['explain-negative', result.most_negative, 'negative'],
    ])
      listed(
        list,
        posts.map((post) =>
          item(`${post.sentiment > 0 ? '+' : ''}${post.sentiment.toFixed(2)} · @${post.user_screen_name}: `, post.text),
        ),
        `No ${label} post among the scored matching posts of the day.`,
      );
    listed(
      'explain-floods',
      result.floods.map((flood) => {
        const li = item(`${flood.posts} posts by ${flood.accounts.length} accounts: `, flood.example);
        li.title = flood.accounts.map((account) => `@${account}`).join(' ');
        return li;
      }),
      'No copy-paste flood that day.',
    );
    const owned = result.owned_posts.map((post) => item(`@${post.user_screen_name}: `, post.text));
    if (result.owned > result.owned_posts.length)
      owned.push(note(`… and ${result.owned - result.owned_posts.length} more.`));
    listed('explain-owned', owned, "No post by the show's official accounts that day.");
    $('explain-view').hidden = false;
    window.buzzDashboard.explained = result;
    document.body.dataset.ready = 'true';
  }

  Object.assign(window.buzz, { explainDay });
})();
