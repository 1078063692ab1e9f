/** Words for generated tweets, per language. None of them is part of a sample show's name. */
export const WORDS: Record<string, readonly string[]> = {
  en: 'the a to and of is in it you that for on my this be with just have so me not but are at all like was your what if can do love good day one get now know will time people new more up out about when they when how today think really want make lol see one need life great still best night going back why thank happy world never much even want right last watch episode season show finale tonight fans cast series streaming wow amazing honestly cannot believe week weekend coffee music game team city news morning friends family work home school'.split(
    ' ',
  ),
  es: 'que de la el en y a los se no por un las con su para una es al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos día año vida amor serie capítulo mañana noche'.split(
    ' ',
  ),
  pt: 'de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua ou ser quando muito há nos já está eu também só pelo pela até isso ela entre era depois sem mesmo aos ter seus quem nas me esse eles estão você tinha foram essa num nem suas meu às minha têm numa pelos elas série amanhã'.split(
    ' ',
  ),
  fr: 'le de un être et à il avoir ne je son que se qui ce dans en du elle au pour pas que vous par sur faire plus dire me on mon lui nous comme mais pouvoir avec tout y aller voir en bien où sans tu ou leur homme si deux mari moi vouloir te femme venir quand grand celui si notre devoir là jour série été'.split(
    ' ',
  ),
  ja: 'の に は を た が で て と し れ さ ある いる も する から な こと として い や れる など なっ ない この ため その あっ よう また もの という あり まで られ なる へ か だ これ によって により おり より による ず なり られる において ば なかっ なく しかし について せ だっ その後 できる それ う ので なお のみ でき き つ における および いう さらに でも ら たり その他 に関する たち ます ん なら 今日 明日 ドラマ アニメ'.split(
    ' ',
  ),
  ar: 'في من على إلى أن عن مع هذا كان التي الذي بين كل ما لا هو هي قد كما بعد حتى عند ذلك أو ثم لم إذا هذه غير منذ الله اليوم كل يوم'.split(
    ' ',
  ),
  ko: '이 그 저 것 수 등 들 및 에서 으로 하는 있는 하고 오늘 정말 너무 진짜 드라마 보고 싶다 사랑 행복'.split(' '),
  th: 'ที่ และ ใน ของ การ เป็น มี ได้ ไม่ ให้ จะ ว่า กับ แล้ว นี้ ก็ คน วันนี้ รัก มาก'.split(' '),
  tr: 've bir bu da de için ile çok ne ama gibi daha en o ben sen var yok her şey bugün dizi'.split(' '),
  in: 'yang dan di ini itu dengan untuk tidak dari dalam akan pada juga saya ke karena tersebut bisa ada mereka hari'.split(
    ' ',
  ),
  tl: 'ang ng sa na at mga ay si ko hindi ako ka mo niya naman lang talaga ngayon araw'.split(' '),
  ru: 'и в не на я быть он с что а по это она этот к но они мы как из у который то за свой весь год сериал сегодня'.split(
    ' ',
  ),
  it: 'di e il la che in a per un è non una con sono del le si da mi ma come anche io oggi serie'.split(' '),
  und: '😂 😍 ❤️ 🔥 👍 🙏 😭 ✨ 🎉 💯 👀 🤣'.split(' '),
};

export const LANGUAGE_MIX = {
  en: 33,
  ja: 17,
  es: 10,
  pt: 7,
  ar: 6,
  und: 5,
  ko: 4,
  th: 4,
  fr: 3,
  tr: 3,
  in: 3,
  tl: 2,
  ru: 2,
  it: 1,
} as const;

export const NAME_PARTS =
  'sun moon star river cloud pixel night rose blue red gold silver wolf fox bear cat tiger lily max sam alex jo kim lee ana maria luna nico leo mia zoe kai eli ray ivy'.split(
    ' ',
  );

export const SOURCES = [
  '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
  '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
  '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
  '<a href="https://about.twitter.com/products/tweetdeck" rel="nofollow">TweetDeck</a>',
];

export const COLORS = ['F5F8FA', 'C0DEED', '1DA1F2', '000000', 'FFFFFF', '333333', 'DDEEF6', '0084B4'];
