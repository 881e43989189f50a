/**
 * What Verbatim says to a greeting or a request for help (intent.ts): what
 * it does, in a few sentences, for the corpus loaded. The example questions
 * travel beside it (the engine's suggestions, each checked to be answered).
 */

export interface HelpContext {
  /** How many articles questions are answered from. */
  articles: number;
  /** Whether those are articles the request selected (articleIds) rather than the whole corpus. */
  selected: boolean;
  /** Whether example questions come with the message. */
  suggestions: boolean;
}

export function helpMessage({ articles, selected, suggestions }: HelpContext): string {
  const one = articles === 1;
  const which = one
    ? `the ${selected ? "selected" : "one"} news article${selected ? "" : " loaded here"}`
    : `the ${articles.toLocaleString("en-US")} ${selected ? "selected news articles" : "news articles loaded here"}`;
  const them = one ? "it" : "them";
  const articlesWord = one ? "article doesn't" : "articles don't";
  const overview = one ? '"What is this article about?" gives its key sentence' : '"What are these articles about?" gives one key sentence from each';
  return [
    `I'm Verbatim. Ask me a question about ${which}, and I'll answer with sentences quoted word for word from ${them}, each with a citation you can open and check.`,
    `When the ${articlesWord} answer a question, I say so and why, rather than guess.`,
    `I'm best at who, what, when, where and how many; follow-up questions work too, and ${overview}.`,
    ...(suggestions ? [`Here are some questions ${one ? "it answers" : "these articles answer"}.`] : []),
  ].join(" ");
}
