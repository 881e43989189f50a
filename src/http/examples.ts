/**
 * Examples for the OpenAPI document: what a caller sends to POST /api/answer
 * and what comes back: answered, abstained, help and overview. Taken from the
 * real engine over the seed corpus (answers and the overview shortened to two
 * citations), so the ids resolve and the quotes are verbatim on a server with
 * the committed index.
 */
import type { AnswerRequest, AnswerResponse } from "./schemas.js";

export const answerRequestExamples: Record<string, { summary: string; value: AnswerRequest }> = {
  question: {
    summary: "A question",
    value: { question: "How many countries abstained in the UN vote?" },
  },
  followUp: {
    summary: "A follow-up: the conversation so far resolves 'he' and 'there'",
    value: {
      question: "And who did he meet there?",
      history: [
        { role: "user", content: "Which Chinese diplomat visited Moscow?" },
        { role: "assistant", content: "On Wednesday, top Chinese diplomat Wang Yi met ... in Moscow. [1]" },
      ],
    },
  },
  scoped: {
    summary: "Asked of one article only: answered from it, or 'the selected article does not say'",
    value: { question: "How many countries abstained in the UN vote?", articleIds: ["80e463adcbc6eb3c"] },
  },
  overview: {
    summary: "An overview of the articles (answered with kind `overview`)",
    value: { question: "What are these articles about?" },
  },
};

const ANSWERED_QUOTES = [
  "This resolution (which passed Wednesday on a 141-7 vote, although China and 31 other countries abstained) also demanded that “the Russian Federation immediately, completely and unconditionally withdraw all of its military forces from the territory of Ukraine within its internationally recognized borders” before calling for a ceasefire.",
  "Six countries joined Russia to vote no – Belarus, North Korea, Eritrea, Mali, Nicaragua and Syria.",
];

/** As the article has them, non-breaking spaces (\u00a0) included. */
const OVERVIEW_QUOTES = [
  "Kremlin spokesman Dmitry Peskov said on Monday the Chinese plan should be\u00a0analysed in detail\u00a0and account for the interests of all sides, but for now Moscow saw no signs suggesting a peaceful resolution was feasible.",
  "“Obviously, any new peace proposals should now be aligned with demands set forth by the Resolution,” Ukrainian Foreign Minister Dmytro Kuleba told the United Nations Security Council on Friday in a thinly veiled message to China.",
];

export const answerResponseExamples: Record<string, { summary: string; value: AnswerResponse }> = {
  answered: {
    summary: "Answered: verbatim sentences, each with its citation",
    value: {
      question: "How many countries abstained in the UN vote?",
      kind: "answer",
      answer: ANSWERED_QUOTES.map((quote, i) => `${quote} [${i + 1}]`).join(" "),
      abstained: false,
      citations: [
        {
          n: 1,
          id: "6fa345c6b58a6ad8-1400-1737",
          articleId: "6fa345c6b58a6ad8",
          title: "Russia doesn’t want to proceed with China’s peace proposal “for now,” according to the…",
          quote: ANSWERED_QUOTES[0],
          start: 1400,
          end: 1737,
          score: 0.61,
          url: "/api/citations/6fa345c6b58a6ad8-1400-1737",
          emphasis: [{ start: 76, end: 78 }],
        },
        {
          n: 2,
          id: "80e463adcbc6eb3c-931-1029",
          articleId: "80e463adcbc6eb3c",
          title: "China has marked the grim anniversary of Russia’s invasion of Ukraine with a call for a…",
          quote: ANSWERED_QUOTES[1],
          start: 931,
          end: 1029,
          score: 0.549,
          url: "/api/citations/80e463adcbc6eb3c-931-1029",
          emphasis: [{ start: 0, end: 3 }],
        },
      ],
      timings: { totalMs: 21.3, embedMs: 9.1, searchMs: 11.8 },
      answerId: "0b6f8f0e-5c1f-4d43-9d0c-4f3b0e1c9a7d",
    },
  },
  abstained: {
    summary: "Abstained: the articles cannot answer, so no citations and the reason",
    value: {
      question: "What is the capital of Australia?",
      kind: "answer",
      answer: "I can't answer that from these articles: no article mentions Australia.",
      abstained: true,
      abstainReason: "no article mentions Australia",
      citations: [],
      timings: { totalMs: 12.4, embedMs: 8.2, searchMs: 3.9 },
      answerId: "5d0c2a7e-8f4b-4e59-a1d3-2b7c6e9f0a41",
    },
  },
  help: {
    summary: "Help: a greeting or \"what can you do?\" gets what Verbatim does and example questions",
    value: {
      question: "What can you do?",
      kind: "help",
      answer:
        "I'm Verbatim. Ask me a question about the 5 news articles loaded here, and I'll answer with sentences quoted word for word from them, each with a citation you can open and check. When the articles don't answer a question, I say so and why, rather than guess. I'm best at who, what, when, where and how many; follow-up questions work too, and \"What are these articles about?\" gives one key sentence from each. Here are some questions these articles answer.",
      abstained: false,
      citations: [],
      suggestions: ["Who did Wang Yi meet?", "How many civilians have been killed in Ukraine?", "When will Xi Jinping go to Russia?", "Why is the Security Council paralysed?"],
      timings: { totalMs: 0.4, embedMs: 0, searchMs: 0 },
      answerId: "9a3e7c21-4b8d-4f6a-b2e0-7d1c5f8a3e64",
    },
  },
  overview: {
    summary: "Overview: one central sentence from each article, cited (shortened to two of the five)",
    value: {
      question: "What are these articles about?",
      kind: "overview",
      answer: ["One key sentence from each of the 5 articles:", ...OVERVIEW_QUOTES.map((quote, i) => `${quote} [${i + 1}]`)].join("\n"),
      abstained: false,
      citations: [
        {
          n: 1,
          id: "2f7f351c6ccef128-1358-1573",
          articleId: "2f7f351c6ccef128",
          title: "Ukraine invasion: China urges peace in Ukraine after US warns against aiding Russia",
          quote: OVERVIEW_QUOTES[0],
          start: 1358,
          end: 1573,
          score: 0.887,
          url: "/api/citations/2f7f351c6ccef128-1358-1573",
          emphasis: [],
        },
        {
          n: 2,
          id: "6fa345c6b58a6ad8-1739-1968",
          articleId: "6fa345c6b58a6ad8",
          title: "Russia doesn’t want to proceed with China’s peace proposal “for now,” according to the…",
          quote: OVERVIEW_QUOTES[1],
          start: 1739,
          end: 1968,
          score: 0.872,
          url: "/api/citations/6fa345c6b58a6ad8-1739-1968",
          emphasis: [],
        },
      ],
      timings: { totalMs: 15.1, embedMs: 0, searchMs: 15.1 },
      answerId: "2c8f4e6a-1d3b-4a7e-9f05-6b2d8c4e1a93",
    },
  },
};
