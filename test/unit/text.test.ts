/** The one tokenizer: spellings that mean the same word give the same terms. */
import { describe, expect, it } from "vitest";
import { questionTerms, terms } from "../../src/core/text.js";

describe("terms", () => {
  it.each([
    ["U.N.", "UN"],
    ["the U.S. envoy", "the US envoy"],
    ["U.K. officials", "UK officials"],
    ["cease-fire", "ceasefire"],
    ["China’s plan", "China plan"],
    ["he met Putin", "he meets Putin"],
    ["she said", "she says"],
  ])("%s and %s share their terms", (a, b) => {
    expect(terms(a)).toEqual(expect.arrayContaining(terms(b)));
    expect(terms(b).length).toBeGreaterThan(0);
  });

  it("keeps the country US but drops the pronoun us", () => {
    expect(terms("The US said")).toEqual(terms("The USA said"));
    expect(terms("The US said")).toHaveLength(2);
    expect(terms("they told us")).toEqual(["tell"]);
  });

  it("leaves quotation marks out of words, and keeps apostrophes inside them", () => {
    expect(terms("fighting 'to the last soldier'")).toEqual(terms("fighting to the last soldier"));
    expect(terms("O'Neill")).toEqual(["o'neil"]);
  });

  it("indexes both halves and the joined form of a hyphenated word", () => {
    expect(terms("third-term")).toEqual(expect.arrayContaining([...terms("thirdterm"), ...terms("third term")]));
  });

  it("leaves question scaffolding out of question terms", () => {
    expect(questionTerms("What did the U.S. say about the UN vote, according to the article?")).toEqual(terms("USA UN vote"));
  });
});
