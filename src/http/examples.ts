/**
 * Examples for the OpenAPI document: what a caller sends to POST /api/answer
 * and what comes back, answered and abstained. Taken from the real engine over
 * the seed corpus (answers shortened to two citations), so the ids resolve and
 * the quotes are verbatim on a server with the committed index.
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
};

const ANSWERED_QUOTES = [
  "This resolution (which passed Wednesday on a 141-7 vote, although China and 31 other countries abstained) also demanded that “the Russian Federation immediately, completely and unconditionally withdraw all of its military forces from the territory of Ukraine within its internationally recognized borders” before calling for a ceasefire.",
  "Six countries joined Russia to vote no – Belarus, North Korea, Eritrea, Mali, Nicaragua and Syria.",
];

export const answerResponseExamples: Record<string, { summary: string; value: AnswerResponse }> = {
  answered: {
    summary: "Answered: verbatim sentences, each with its citation",
    value: {
      question: "How many countries abstained in the UN vote?",
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
      answer: "I can't answer that from these articles: no article mentions Australia.",
      abstained: true,
      abstainReason: "no article mentions Australia",
      citations: [],
      timings: { totalMs: 12.4, embedMs: 8.2, searchMs: 3.9 },
      answerId: "5d0c2a7e-8f4b-4e59-a1d3-2b7c6e9f0a41",
    },
  },
};
