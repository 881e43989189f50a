/** Opposites from WordNet (src/core/antonyms.json) and the contradiction the answer model reads. */
import { describe, expect, it } from "vitest";
import { antonymsOf, contradiction } from "../../src/core/antonyms.js";
import { questionTerms, terms } from "../../src/core/text.js";

const [largest] = terms("largest");
const [smallest] = terms("smallest");

describe("antonym table", () => {
  it("pairs index terms, comparatives in step", () => {
    expect(antonymsOf(largest)).toContain(smallest);
    expect(antonymsOf(terms("increased")[0])).toContain(terms("decrease")[0]);
    expect(antonymsOf(terms("won")[0])).toContain(terms("lose")[0]);
    expect(antonymsOf(largest)).not.toContain(terms("small")[0]);
  });
});

describe("contradiction", () => {
  const sentence = (text: string) => ({ terms: new Set(terms(text)), text });
  const question = (text: string) => ({ terms: questionTerms(text), text });
  const contradicts = (q: { terms: string[]; text: string }, s: { terms: Set<string>; text: string }) => contradiction(q.terms, q.text)(s.terms, s.text);
  it("sees the opposite standing where the question's word should", () => {
    const s = sentence("The Melbourne Cricket Ground is the largest stadium in Australia.");
    expect(contradicts(question("What is the smallest stadium in Australia?"), s)).toBe(1);
    expect(contradicts(question("What is the largest stadium in Australia?"), s)).toBe(0);
    expect(contradicts(question("Who lost the final?"), sentence("Madrid won the final on penalties."))).toBe(1);
  });
  it("sees opposite comparisons made of stopwords", () => {
    const s = sentence("It is the problem of deciding whether the input has a factor less than k.");
    expect(contradicts(question("What problem decides whether the input has a factor more than k?"), s)).toBe(1);
    expect(contradicts(question("What problem decides whether the input has a factor less than k?"), s)).toBe(0);
  });
  it("is no contradiction when the question names both, or the sentence has the word too", () => {
    expect(contradicts(question("Is the stadium larger or smaller than Wembley?"), sentence("The stadium is larger than Wembley."))).toBe(0);
    expect(contradicts(question("Who lost the final?"), sentence("Madrid won and Chelsea lost the final."))).toBe(0);
  });
});
