/**
 * Words that carry no topic: English function words, plus the words people wrap a
 * question in ("which paper shows…", "is there any work on…"). Kept out of the FTS5
 * query so that they neither match every abstract nor dilute the ranking.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any anything are aren't as at be
  because been before being below between both but by can can't cannot could couldn't did
  didn't do does doesn't doing don't down during each either else etc ever every few for from
  further had hadn't has hasn't have haven't having he her here hers herself him himself his
  how however i i'd i'm i've if in into is isn't it it's its itself just let's like may me
  might more most much must mustn't my myself neither no nor not now of off on once only or
  other ought our ours ourselves out over own per please quite rather really same shall she
  should shouldn't so some something such than that that's the their theirs them themselves
  then there there's these they they're this those through thus to too under until up upon
  us very via was wasn't we we're were weren't what what's when where which while who whom
  whose why will with within without won't would wouldn't yes yet you you're your yours
  yourself yourselves
  anyone anybody somebody someone thing things stuff kind sort lot lots
  paper papers article articles work works study studies research publication publications
  find show shows tell know want wanted looking look searching search need get give got
  explain explains describe describes discuss discusses mention mentions propose proposes
  proposed talk talks talking recommend recommended related regarding
  e.g i.e vs`
    .split(/\s+/)
    .filter(Boolean),
);
