/**
 * The span of an answer sentence that answers the question (emphasis.ts), on
 * real sentences of the seed corpus (and one BBC business story, for money
 * and percentages), with exact offsets; and, for any question and any text,
 * spans that lie within the quote, in order and without overlaps.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { emphasisSpans } from "../../src/core/emphasis.js";
import type { Engine } from "../../src/core/engine.js";
import { BBC, devQuestions, realEngine } from "../helpers/engine.js";

let engine: Engine;
beforeAll(async () => {
  engine = await realEngine();
});

const UN_VOTE =
  "This resolution (which passed Wednesday on a 141-7 vote, although China and 31 other countries abstained) also demanded that “the Russian Federation immediately, completely and unconditionally withdraw all of its military forces from the territory of Ukraine within its internationally recognized borders” before calling for a ceasefire.";
const CASUALTIES =
  "At least 8,101 civilians in Ukraine have been killed and 13,479 injured in a year of conflict, the Office of the UN High Commissioner for Refugees reported in figures widely considered to underestimate the true extent of fatalities.";
const WANG_YI = "On Wednesday, top Chinese diplomat Wang Yi met Russian president Vladimir Putin and foreign minister Sergei Lavrov in Moscow.";
const XI_TRIP =
  "Chinese language President Xi Jinping will go to Russia from March 20 to 22, the Chinese language international ministry and the Kremlin introduced on Friday — a month after Beijing floated a 12-point peace plan in an try to finish the battle triggered by Moscow’s invasion of Ukraine.";
const UZBEKISTAN = "The 2 leaders additionally met at a regional safety gathering in Uzbekistan in September.";
const LAST_VISIT =
  "Information company AFP mentioned Xi final visited Russia in 2019, whereas Putin attended the opening ceremony of the Winter Olympics in Beijing final yr.";
const DRONES =
  "German magazine Der Spiegel reported on Friday (AEDT) that Russia was in talks with a Chinese manufacturer about buying 100 drones, although it did not offer specific sources for the claim.";
const INVITE = "Xi said he invited Putin to visit China later this year.";

const CASES: { question: string; quote: string; spans: [number, number][]; text: string[] }[] = [
  { question: "How many countries abstained in the UN vote?", quote: UN_VOTE, spans: [[76, 78]], text: ["31"] },
  { question: "What was the vote tally of the resolution?", quote: UN_VOTE, spans: [[45, 48], [49, 50]], text: ["141", "7"] },
  { question: "How many civilians were injured in the first year?", quote: CASUALTIES, spans: [[57, 63]], text: ["13,479"] },
  { question: "How many civilians have been killed in Ukraine in a year of conflict?", quote: CASUALTIES, spans: [[9, 14]], text: ["8,101"] },
  { question: "Which Chinese diplomat met Putin and Lavrov in Moscow?", quote: WANG_YI, spans: [[35, 42]], text: ["Wang Yi"] },
  { question: "Who did Wang Yi meet in Moscow?", quote: WANG_YI, spans: [[65, 79], [101, 114]], text: ["Vladimir Putin", "Sergei Lavrov"] },
  { question: "When will Xi travel to Russia?", quote: XI_TRIP, spans: [[61, 75]], text: ["March 20 to 22"] },
  { question: "Where did Xi and Putin meet in September?", quote: UZBEKISTAN, spans: [[65, 75]], text: ["Uzbekistan"] },
  { question: "When did Xi last visit Russia?", quote: LAST_VISIT, spans: [[61, 65]], text: ["2019"] },
  { question: "How many drones was Russia reportedly in talks to buy?", quote: DRONES, spans: [[120, 123]], text: ["100"] },
  // No particular answer type: nothing to single out.
  { question: "What did Xi invite Putin to do?", quote: INVITE, spans: [], text: [] },
];

describe("emphasis on seed sentences", () => {
  it("uses sentences that are verbatim sentences of the seed corpus", () => {
    const sentences = new Set(
      engine.articles().flatMap(({ id }) => {
        const text = engine.article(id)!.text;
        return (engine.index.sentencesByArticle.get(id) ?? []).map((s) => text.slice(s.start, s.end));
      }),
    );
    for (const c of CASES) expect(sentences.has(c.quote), c.quote).toBe(true);
  });

  it.each(CASES)("$question → $text", ({ question, quote, spans, text }) => {
    const got = emphasisSpans(question, quote);
    expect(got.map((s) => [s.start, s.end])).toEqual(spans);
    expect(got.map((s) => quote.slice(s.start, s.end))).toEqual(text);
  });

  it("never marks what the question already names", () => {
    // Wang Yi is in the question; only the people he met are new.
    const got = emphasisSpans("Who did Wang Yi meet in Moscow?", WANG_YI).map((s) => WANG_YI.slice(s.start, s.end));
    expect(got).not.toContain("Wang Yi");
    expect(got).not.toContain("Moscow");
  });
});

const TIME_WARNER = join(BBC, "business/001.txt");

describe.skipIf(!existsSync(TIME_WARNER))("emphasis on amounts (BBC business story)", () => {
  const quote = "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.";

  it("is a sentence of the story", () => {
    expect(readFileSync(TIME_WARNER, "utf8")).toContain(quote);
  });

  it("marks the money a 'how much' question asks for, with its currency and scale", () => {
    const got = emphasisSpans("How much profit did TimeWarner make in the quarter?", quote);
    expect(got).toEqual([{ start: 61, end: 68 }]);
    expect(quote.slice(61, 68)).toBe("$1.13bn");
  });

  it("marks the percentage a 'what percentage' question asks for", () => {
    expect(emphasisSpans("By what percentage did TimeWarner's profits jump?", quote)).toEqual([{ start: 54, end: 57 }]);
  });

  it("marks nothing when the sentence holds many amounts and none is near what is asked", () => {
    expect(emphasisSpans("How many subscribers did AOL lose?", quote)).toEqual([]);
  });
});

/** Every span inside the quote, non-empty, in order, without overlaps. */
function expectWellFormed(quote: string, spans: { start: number; end: number }[]) {
  let previousEnd = 0;
  for (const s of spans) {
    expect(Number.isInteger(s.start) && Number.isInteger(s.end)).toBe(true);
    expect(s.start).toBeGreaterThanOrEqual(previousEnd);
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.end).toBeLessThanOrEqual(quote.length);
    previousEnd = s.end;
  }
}

describe("emphasis spans, for any question and text", () => {
  const typed = ["How many", "How much did it cost", "What percentage", "When", "Who", "Where", "Which country", "What"];

  it("lie within the quote, in order and without overlaps", () => {
    fc.assert(
      fc.property(fc.constantFrom(...typed), fc.string({ maxLength: 40 }), fc.string({ maxLength: 300 }), (head, rest, quote) => {
        expectWellFormed(quote, emphasisSpans(`${head} ${rest}?`, quote));
      }),
      { numRuns: 500 },
    );
  });

  it("lie within every seed sentence, for every dev question", () => {
    const questions = devQuestions().map((q) => q.question);
    for (const { id } of engine.articles()) {
      const text = engine.article(id)!.text;
      for (const s of engine.index.sentencesByArticle.get(id) ?? []) {
        const quote = text.slice(s.start, s.end);
        for (const q of questions) expectWellFormed(quote, emphasisSpans(q, quote));
      }
    }
  });
});
