import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  BOILERPLATE_PATTERNS,
  boilerplateKind,
  decodeArticleBytes,
  IngestError,
  MAX_ARTICLE_BYTES,
  parseArticle,
} from "../../src/core/article.js";
import { PROJECT_ROOT } from "../../src/node/corpus-files.js";

const RAW = join(PROJECT_ROOT, "corpus/raw");
const seed = (prefix: string) => {
  const name = readdirSync(RAW).find((n) => n.startsWith(prefix))!;
  return readFileSync(join(RAW, name), "utf8");
};
const body = "The council voted on Tuesday to approve the plan. It takes effect next year.";

describe("boilerplate lines", () => {
  it.each([
    ["Tweet from @KyivIndependent", "social embed"],
    ["Post from @nytimes", "social embed"],
    ["CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER", "read-more link"],
    ["Read more: Why the vote matters", "read-more link"],
    ["Leave a Reply", "comment prompt"],
    ["Additionally learn | US’ ‘elevated’ spying on Russia led to drone incident: Moscow to Pentagon", "cross-link"],
    ["Also read | Something else entirely", "cross-link"],
    ["Learn: British defence minister says Russia ought to respect worldwide airspace", "cross-link"],
    ["-with AAP", "agency tag"],
    ["— with Reuters", "agency tag"],
    ["(AFP)", "agency tag"],
    ["CIA’S JUDGEMENT IS XI HAS ‘DOUBTS’ ABOUT SUCCESS OF POSSIBLE TAIWAN INVASION", "promoted headline"],
    ["Advertisement", "advertisement"],
  ])("%s is %s", (line, kind) => {
    expect(boilerplateKind(line)).toBe(kind);
  });

  it.each([
    "Diplomats said Mr Lavrov was not scheduled to attend.",
    "Learning from history is hard, the minister said.",
    "Reuters could not independently confirm battlefield reports of either side.",
    "US and EU leaders met.",
    "“Tweet from the heart,” she said, “and mean it.”",
  ])("keeps article content: %s", (line) => {
    expect(boilerplateKind(line)).toBeNull();
  });

  it("every pattern is exercised above", () => {
    expect(new Set(BOILERPLATE_PATTERNS.map((p) => p.name)).size).toBeGreaterThanOrEqual(7);
  });

  it("strips boilerplate from the seed articles without touching their sentences", () => {
    for (const prefix of ["000", "001", "002", "003", "004"]) {
      const raw = seed(prefix);
      const article = parseArticle(raw);
      for (const junk of ["Tweet from", "CLICK HERE", "Leave a Reply", "Additionally learn |", "Learn:", "-with AAP", "CIA’S JUDGEMENT"])
        expect(article.text).not.toContain(junk);
      // Cleaning drops whole lines only: every remaining line is verbatim in the file.
      for (const line of article.text.split("\n").filter(Boolean)) expect(raw).toContain(line);
    }
  });
});

describe("metadata", () => {
  it("takes a headline line as the title and leaves it out of the text", () => {
    const a = parseArticle(`Council approves plan\n\n${body}`);
    expect(a.title).toBe("Council approves plan");
    expect(a.text).toBe(body);
  });

  it("derives a title from the first sentence when there is no headline", () => {
    const a = parseArticle(body);
    expect(a.title).toBe("The council voted on Tuesday to approve the plan");
    expect(a.text).toBe(body);
  });

  it("keeps a stated date exactly as stated, even where the content suggests another year", () => {
    const a = parseArticle(seed("002"));
    expect(a.date).toBe("November 2, 2024");
    expect(a.text.startsWith("November")).toBe(false);
  });

  it("never invents a date, source or url", () => {
    const a = parseArticle(seed("000"));
    expect(a.date).toBeNull();
    expect(a.url).toBeNull();
    expect(a.source).toBeNull();
  });

  it("takes the source only where the text names the outlet", () => {
    expect(parseArticle(seed("002")).source).toBe("Washington Examiner");
  });

  it("keeps a lede repeated as the next paragraph only once", () => {
    const a = parseArticle(seed("002"));
    expect(a.text.match(/doesn’t want to proceed/g)?.length).toBe(1);
  });

  it("gives the same text the same id, and different text a different id", () => {
    expect(parseArticle(body).id).toBe(parseArticle(`${body}\r\n`).id);
    expect(parseArticle(body).id).not.toBe(parseArticle(body + " More.").id);
    expect(parseArticle(body).id).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("refusing bad input", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it("refuses empty input", () => {
    expect(() => decodeArticleBytes(new Uint8Array(0), "a.txt")).toThrow(/a\.txt: file is empty/);
  });
  it("refuses binary input", () => {
    expect(() => decodeArticleBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), "x.png")).toThrow(/binary/);
  });
  it("refuses oversized input", () => {
    expect(() => decodeArticleBytes(new Uint8Array(MAX_ARTICLE_BYTES + 1).fill(65), "big.txt")).toThrow(/larger than/);
  });
  it("refuses text that is not UTF-8 instead of storing mojibake", () => {
    expect(() => decodeArticleBytes(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]), "latin1.txt")).toThrow(/not valid UTF-8/);
  });
  it("refuses a file that is nothing but boilerplate", () => {
    expect(() => parseArticle("Tweet from @someone\nLeave a Reply\n")).toThrow(IngestError);
  });
  it("accepts plain UTF-8 and drops a byte-order mark", () => {
    expect(decodeArticleBytes(bytes("\uFEFFHello world."))).toBe("Hello world.");
  });
});
