import { describe, expect, it } from "vitest";
import { answersFromSource, suggestQuestions, suggestionCandidates, type AnswerLike } from "../../src/core/suggest.js";
import type { SearchIndex } from "../../src/core/store.js";

/** The parts of an index suggest.ts reads: articles and their sentence offsets. */
function fakeIndex(texts: string[]): SearchIndex {
  const articles = texts.map((text, i) => ({ id: `a${i}`, title: `t${i}`, source: null, date: null, url: null, text }));
  const sentencesByArticle = new Map(
    articles.map((a) => {
      const spans = [...a.text.matchAll(/[^.]+\.\s*/g)].map((m, index) => ({ start: m.index!, end: m.index! + m[0].trimEnd().length, index, articleId: a.id }));
      return [a.id, spans];
    }),
  );
  return { articles, sentencesByArticle } as unknown as SearchIndex;
}

const TEXTS = [
  "On Wednesday, top diplomat Wang Yi met Russian president Vladimir Putin in Moscow. Kremlin spokesman Dmitry Peskov said talks went well.",
  "The resolution passed although China and 31 other countries abstained. President Xi Jinping will visit Russia from March 20 to 22.",
  "The council is stuck, with the 15-member Security Council paralysed due to veto power. Dmitry Peskov said nothing more.",
];

describe("suggested questions", () => {
  it("draws questions of each kind from the corpus's own sentences", () => {
    const index = fakeIndex(TEXTS);
    const got = suggestionCandidates(index);
    const byQuestion = new Map(got.map((c) => [c.question, c]));
    expect([...byQuestion.keys()]).toEqual(
      expect.arrayContaining([
        "Who did Wang Yi meet?",
        "How many countries abstained?",
        "When will Xi Jinping visit Russia?",
        "Why is the Security Council paralysed?",
        "What did Dmitry Peskov say?",
      ]),
    );
    // Each knows the sentence it came from.
    const when = byQuestion.get("When will Xi Jinping visit Russia?")!;
    expect(TEXTS[1].slice(when.start, when.end)).toBe("President Xi Jinping will visit Russia from March 20 to 22.");
    expect(suggestionCandidates(index)).toEqual(got);
  });

  it("keeps only questions answered from the sentence they came from, one of each kind first", async () => {
    const index = fakeIndex(TEXTS);
    const candidates = suggestionCandidates(index);
    // An answerer that abstains on "why" and answers "how many" from the wrong sentence.
    const answer = async (q: string): Promise<AnswerLike> => {
      const c = candidates.find((x) => x.question === q)!;
      if (q.startsWith("Why")) return { abstained: true, citations: [] };
      if (q.startsWith("How many")) return { abstained: false, citations: [{ articleId: c.articleId, start: c.end + 1, end: c.end + 5 }] };
      return { abstained: false, citations: [{ articleId: c.articleId, start: c.start, end: c.end }] };
    };
    const questions = await suggestQuestions(index, answer, 4);
    expect(questions.slice(0, 2)).toEqual(["Who did Wang Yi meet?", "When will Xi Jinping visit Russia?"]);
    expect(questions).toContain("What did Dmitry Peskov say?");
    expect(questions.some((q) => q.startsWith("Why") || q.startsWith("How many"))).toBe(false);
    expect(answersFromSource({ abstained: true, citations: [] }, candidates[0])).toBe(false);
  });
});
