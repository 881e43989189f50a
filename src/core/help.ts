/**
 * What Verbatim says to a greeting or a request for help (intent.ts): what
 * it does, in a few sentences, for the corpus loaded. The example questions
 * travel beside it (the engine's suggestions, each checked to be answered).
 */

function articleCount(n: number): string {
  return n === 1 ? "the one news article" : `the ${n.toLocaleString("en-US")} news articles`;
}

export function helpMessage(articles: number, hasSuggestions: boolean): string {
  return [
    `I'm Verbatim. Ask me a question about ${articleCount(articles)} loaded here, and I'll answer with sentences quoted word for word from them, each with a citation you can open and check.`,
    "When the articles don't answer a question, I say so and why, rather than guess.",
    "I'm best at who, what, when, where and how many; follow-up questions work too, and \"What are these articles about?\" gives one key sentence from each.",
    ...(hasSuggestions ? ["Here are some questions these articles answer."] : []),
  ].join(" ");
}
