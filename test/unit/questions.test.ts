/** The labelled-question generator (src/node/questions/generate.ts), on made-up stories; BBC text never enters the repository. */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  answerableCandidates,
  generateCandidates,
  sampleIndex,
  unanswerableCandidates,
  generateQuestions,
  storyEntities,
  storyOrder,
  toJsonl,
  type Story,
} from "../../src/node/questions/generate.js";
import { BBC_DIR, pickStories } from "../../src/node/questions/bbc.js";

const story = (path: string, ...paragraphs: string[]): Story => ({ path, title: "A made-up story", text: paragraphs.join("\n\n") });

const ACME = story(
  "business/001.txt",
  "Acme Motors will cut 1,150 jobs at its Dagenham plant.",
  "Zentrix will pay £10m to settle the case.",
  "Zentrix shares rose 5% after the results.",
  "Zentrix was founded in 1998 by two engineers.",
  "Zentrix will open a new factory in Brazil.",
  "Jane Doolittle said the deal would create new jobs across the region.",
  "The Widget Workers Union called for a strike at the plant.",
  "Ms Doolittle is the chief executive of Zentrix.",
);
const BAKERY = story(
  "politics/002.txt",
  "Tom Bramble will open a bakery in Paris.",
  "Mr Bramble trained as a chef in Lyon before moving into politics.",
  "Bramble Foods will hire bakers for the new shop.",
  "Bramble Foods launched a new loaf.",
);

const find = (s: Story, kind: string) => answerableCandidates(s).filter((c) => c.kind === kind).map((c) => ({ q: c.question, a: c.answers }));

describe("answerable templates", () => {
  it("a count: How many <things> <aux> <subject> <verb> …?", () => {
    expect(find(ACME, "number")).toContainEqual({ q: "How many jobs will Acme Motors cut at its Dagenham plant?", a: ["1,150"] });
  });
  it("money: How much …?", () => {
    expect(find(ACME, "money")).toContainEqual({ q: "How much will Zentrix pay to settle the case?", a: ["£10m"] });
  });
  it("a percentage change: By how much did … rise?", () => {
    expect(find(ACME, "number")).toContainEqual({ q: "By how much did Zentrix shares rise after the results?", a: ["5%"] });
  });
  it("a date: When was … ?", () => {
    expect(find(ACME, "date")).toContainEqual({ q: "When was Zentrix founded by two engineers?", a: ["1998"] });
  });
  it("a place: Where will … ?", () => {
    expect(find(ACME, "place")).toContainEqual({ q: "Where will Zentrix open a new factory?", a: ["Brazil"] });
  });
  it("a person: Who said …? with the other forms of the name as alternatives", () => {
    expect(find(ACME, "person")).toContainEqual({ q: "Who said the deal would create new jobs across the region?", a: ["Jane Doolittle", "Ms Doolittle"] });
  });
  it("an organisation: Which organisation …?", () => {
    expect(find(ACME, "organisation")).toContainEqual({ q: "Which organisation called for a strike at the plant?", a: ["Widget Workers Union"] });
  });
  it("every gold answer is a verbatim substring of the story and absent from its question", () => {
    for (const c of [...answerableCandidates(ACME), ...answerableCandidates(BAKERY)])
      for (const a of c.answers) {
        expect((c.story === ACME.path ? ACME : BAKERY).text).toContain(a);
        expect(c.question.toLowerCase()).not.toContain(a.toLowerCase());
      }
  });
  it("drops sentences it cannot transform cleanly", () => {
    const messy = story(
      "tech/003.txt",
      "It will cut 500 jobs.", // a pronoun subject: which story?
      "The firm will cut 500 jobs.", // too vague a subject
      "Sales rose 2% to $11.1bn from $10.9bn.", // several numbers: which one is asked?
      '"We are delighted," he said.',
    );
    expect(answerableCandidates(messy)).toEqual([]);
  });
  it("finds the story's names by kind", () => {
    const e = storyEntities(ACME.text);
    expect(e.persons).toContain("Jane Doolittle");
    expect(e.organisations).toContain("Widget Workers Union");
    expect(e.places).toContain("Brazil");
  });
});

describe("unanswerable templates", () => {
  const all = generateCandidates([ACME, BAKERY], { perStory: 8 });
  const index = sampleIndex([ACME, BAKERY]);
  const pool = [ACME, BAKERY].flatMap((s) => unanswerableCandidates(s, answerableCandidates(s, index.vocab), index));
  const unanswerable = [...all.filter((c) => c.answers.length === 0), ...pool];

  it("swaps a name for one of the same kind from another story", () => {
    const swaps = unanswerable.filter((c) => c.kind.startsWith("swap-"));
    expect(swaps.length).toBeGreaterThan(0);
    expect(swaps.map((c) => c.question)).toContain("Where will Jane Doolittle open a bakery?");
  });
  it("asks for a detail the story lacks", () => {
    const qs = unanswerable.map((c) => `${c.kind}: ${c.question}`);
    expect(qs).toContain("missing-number: How many bakers will Bramble Foods hire for the new shop?");
    expect(qs).toContain("missing-date: When did Bramble Foods launch a new loaf?");
  });
  it("asks for the opposite of a stated change", () => {
    expect(unanswerable.map((c) => `${c.kind}: ${c.question}`)).toContain("antonym: By how much did Zentrix shares fall after the results?");
  });
  it("never asks an unanswerable question the story answers", () => {
    for (const c of unanswerable) {
      const text = (c.story === ACME.path ? ACME : BAKERY).text;
      if (c.kind.startsWith("swap-")) {
        // The swapped-in name does not occur in this story at all.
        // The swapped-in name (words of the question not in the source sentence) does not occur in this story.
        const added = c.question.replace(/[?]$/, "").split(/\s+/).filter((w) => /^[A-Z]/.test(w) && !/^(?:Who|When|Where|How|Which|What|By)$/.test(w) && !c.sentence.includes(w));
        expect(added.length).toBeGreaterThan(0);
        for (const w of added) expect(text).not.toContain(w);
      }
      if (c.kind === "missing-number") expect(text).not.toMatch(/\d/);
      if (c.kind === "antonym") expect(text).not.toMatch(/\bfell\b|\bfall\b/);
    }
  });
  it("makes about as many unanswerable questions as answerable ones", () => {
    const answerable = all.filter((c) => c.answers.length > 0).length;
    const picked = all.filter((c) => c.answers.length === 0).length;
    expect(picked).toBe(answerable);
  });
});

describe("determinism", () => {
  it("the same stories give byte-identical question files", () => {
    const a = toJsonl(generateQuestions([ACME, BAKERY]));
    const b = toJsonl(generateQuestions([ACME, BAKERY]));
    expect(a).toBe(b);
    expect(a.split("\n")[0]).toMatch(/^\{"id":"[^"]+","question":"[^"]+","answers":\[.*\],"kind":"[a-z-]+","story":"business\/001\.txt"\}$/);
  });
  it("story order is fixed by the seed and spreads over the folders", () => {
    const paths = ["a", "b", "c", "d", "e"].flatMap((f) => Array.from({ length: 20 }, (_, i) => `${f}/${String(i).padStart(3, "0")}.txt`));
    const order = storyOrder(paths, 7, ["b/003.txt"]);
    expect(storyOrder([...paths].reverse(), 7, ["b/003.txt"])).toEqual(order);
    expect(order).not.toContain("b/003.txt");
    expect(order.slice(0, 5).map((p) => p[0])).toEqual(["a", "b", "c", "d", "e"]);
    expect(new Set(order).size).toBe(99);
    expect(storyOrder(paths, 8)).not.toEqual(storyOrder(paths, 7));
  });
});

describe.skipIf(!existsSync(BBC_DIR))("on BBC stories (read in place, never copied)", () => {
  it("every gold answer of 5 stories is a verbatim substring of its story file", async () => {
    const stories = await pickStories(5);
    expect(stories).toHaveLength(5);
    const questions = generateQuestions(stories);
    expect(toJsonl(generateQuestions(stories))).toBe(toJsonl(questions));
    for (const q of questions) {
      const file = readFileSync(join(BBC_DIR, q.story), "utf8");
      for (const a of q.answers) expect(file, `${q.id}: ${a}`).toContain(a);
      expect(q.question.split(/\s+/).length).toBeLessThan(20);
    }
  });
});
