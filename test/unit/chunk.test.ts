import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { groupPassages, splitSentences } from "../../src/core/chunk.js";
import { parseArticle } from "../../src/core/article.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";

const texts = (s: string) => splitSentences(s).map((x) => s.slice(x.start, x.end));

describe("splitSentences", () => {
  it("returns offsets that slice back to each sentence", () => {
    const raw = join(PROJECT_ROOT, "corpus/raw");
    for (const name of readdirSync(raw)) {
      const { text } = parseArticle(readFileSync(join(raw, name), "utf8"));
      const sentences = splitSentences(text, "a");
      expect(sentences.length).toBeGreaterThan(10);
      for (const s of sentences) {
        const sentence = text.slice(s.start, s.end);
        expect(sentence).toBe(sentence.trim());
        expect(sentence).not.toContain("\n");
        expect(sentence.length).toBeGreaterThan(0);
      }
      // In order and non-overlapping.
      for (let i = 1; i < sentences.length; i++) expect(sentences[i].start).toBeGreaterThanOrEqual(sentences[i - 1].end);
    }
  });

  it("does not split after abbreviations and initialisms", () => {
    expect(texts("U.S. Secretary of State Antony Blinken spoke. Mr. Smith agreed with the U.N. Charter.")).toEqual([
      "U.S. Secretary of State Antony Blinken spoke.",
      "Mr. Smith agreed with the U.N. Charter.",
    ]);
  });

  it("quotes a list item without its bullet, and keeps a dash inside a sentence", () => {
    const text = "The report found that firms had:\n - manipulated nicotine levels \n* lied about the risks.\n• Shares fell - sharply - on Monday.";
    expect(texts(text)).toEqual([
      "The report found that firms had:",
      "manipulated nicotine levels",
      "lied about the risks.",
      "Shares fell - sharply - on Monday.",
    ]);
  });

  it("splits after an initialism that ends a sentence", () => {
    expect(texts("The weapons came from the U.S. The talks ended.")).toEqual(["The weapons came from the U.S.", "The talks ended."]);
  });

  it("keeps a quotation with inner question marks in one sentence", () => {
    expect(texts("He wrote: “Will it bring peace? No! Will it help? Yes!” Then he left.")).toEqual([
      "He wrote: “Will it bring peace? No! Will it help? Yes!”",
      "Then he left.",
    ]);
  });

  it("keeps a quotation of several sentences whole up to its closing mark", () => {
    expect(texts('"It was a bad year. Sales fell. We will recover," he said. Shares rose.')).toEqual([
      '"It was a bad year. Sales fell. We will recover," he said.',
      "Shares rose.",
    ]);
  });

  it("starts anew at each opening quote mark of a long quotation, and where a quote is never closed", () => {
    // News copy opens each sentence of a long quote with a mark and closes only the last.
    expect(texts('Mr Frost added: "The outlook remains uncertain. "If prices fall, the risks will worsen." Shares fell.')).toEqual([
      'Mr Frost added: "The outlook remains uncertain.',
      '"If prices fall, the risks will worsen."',
      "Shares fell.",
    ]);
    expect(texts('"The outlook remains uncertain, the bank said. Growth will slow. The transmission area will include Paris.')).toEqual([
      '"The outlook remains uncertain, the bank said.',
      "Growth will slow.",
      "The transmission area will include Paris.",
    ]);
  });

  it("never crosses a line break", () => {
    expect(texts("A headline without a stop\nThe body starts here. It ends here.")).toEqual([
      "A headline without a stop",
      "The body starts here.",
      "It ends here.",
    ]);
  });
});

describe("groupPassages", () => {
  const text = Array.from({ length: 7 }, (_, i) => `Sentence number ${i + 1} is here.`).join(" ");
  const sentences = splitSentences(text, "abc");

  it("makes overlapping windows that cover every sentence", () => {
    const passages = groupPassages(sentences, { passageSize: 3, overlap: 1 });
    expect(passages.map((p) => p.sentences)).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
    ]);
    for (const p of passages) {
      expect(p.start).toBe(sentences[p.sentences[0]].start);
      expect(p.end).toBe(sentences[p.sentences[1]].end);
      expect(p.id).toBe(`abc-${p.start}-${p.end}`);
    }
  });

  it("handles articles shorter than one window", () => {
    expect(groupPassages(sentences.slice(0, 2)).map((p) => p.sentences)).toEqual([[0, 1]]);
  });

  it("rejects impossible options", () => {
    expect(() => groupPassages(sentences, { passageSize: 2, overlap: 2 })).toThrow();
  });
});
