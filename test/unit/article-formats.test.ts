/** Markdown and JSON Lines inputs: metadata from what the input states, text kept verbatim. */
import { describe, expect, it } from "vitest";
import { IngestError, MAX_ARTICLE_BYTES } from "../../src/core/article.js";
import { decodeBulkBytes, formatOf, isMarkupLine, parseJsonLines, parseMarkdownArticle } from "../../src/core/article-formats.js";
import { splitSentences } from "../../src/core/chunk.js";

const MARKDOWN = `---
title: "Harbour bridge to close for repairs"
source: City Gazette
date: 2024-05-02
url: https://example.com/news/bridge?id=7
tags: [transport]
---

# A headline the front matter overrides

![The bridge at dusk](bridge.jpg)

The harbour bridge will close for **three weekends** while crews replace expansion joints. Commuters were told to use the [ferry](https://example.com/ferry) instead.

## What it costs

The council said the repairs would cost four million dollars.

---

> "We have no choice," the mayor said.

<!-- editor: check figures -->
- Cyclists may still cross on the lower deck.
`;

describe("formatOf", () => {
  it("maps extensions to formats, case-insensitively", () => {
    expect(formatOf("a/b/story.txt")).toBe("text");
    expect(formatOf("story.MD")).toBe("markdown");
    expect(formatOf("story.markdown")).toBe("markdown");
    expect(formatOf("bulk.jsonl")).toBe("jsonl");
    expect(formatOf("data.csv")).toBeNull();
    expect(formatOf("README")).toBeNull();
  });
});

describe("parseMarkdownArticle", () => {
  const article = parseMarkdownArticle(MARKDOWN, {}, "bridge.md");

  it("takes metadata from front matter", () => {
    expect(article).toMatchObject({
      title: "Harbour bridge to close for repairs",
      source: "City Gazette",
      date: "2024-05-02",
      url: "https://example.com/news/bridge?id=7",
    });
  });

  it("keeps every sentence a verbatim substring of the file", () => {
    const sentences = splitSentences(article.text);
    expect(sentences.length).toBeGreaterThan(3);
    for (const s of sentences) expect(MARKDOWN).toContain(article.text.slice(s.start, s.end));
    // Inline markup stays as written rather than being rewritten.
    expect(article.text).toContain("**three weekends**");
    expect(article.text).toContain("[ferry](https://example.com/ferry)");
  });

  it("drops whole lines of markup: headings, rules, images, comments, front matter", () => {
    expect(article.text).not.toMatch(/^#/m);
    expect(article.text).not.toContain("What it costs");
    expect(article.text).not.toContain("bridge.jpg");
    expect(article.text).not.toContain("editor: check");
    expect(article.text).not.toContain("tags:");
    expect(article.text).not.toMatch(/^---$/m);
    expect(article.text).toContain("> \"We have no choice,\" the mayor said.");
    expect(article.text).toContain("- Cyclists may still cross on the lower deck.");
  });

  it("takes a leading # heading as the title when there is no front matter", () => {
    const a = parseMarkdownArticle("# Chess prodigy wins title\n\nA thirteen-year-old won the championship on Saturday. She trains daily.\n", {}, "c.md");
    expect(a.title).toBe("Chess prodigy wins title");
    expect(a.text).toBe("A thirteen-year-old won the championship on Saturday. She trains daily.");
    expect(a.url).toBeNull();
  });

  it("understands a setext title", () => {
    const a = parseMarkdownArticle("Bakery strike ends\n==================\n\nWorkers returned on Monday after a two-week strike.\n", {}, "b.md");
    expect(a.title).toBe("Bakery strike ends");
    expect(a.text).toBe("Workers returned on Monday after a two-week strike.");
  });

  it("refuses a URL that is not http(s)", () => {
    expect(() => parseMarkdownArticle("---\nurl: javascript:alert(1)\n---\n# T\n\nSome text here.\n", {}, "x.md")).toThrow(IngestError);
  });

  it("gives the same id as the same text in plain form", () => {
    const a = parseMarkdownArticle("# Title here\n\nOne sentence. Two sentences.\n", {}, "a.md");
    const b = parseMarkdownArticle("# Another title\n\nOne sentence. Two sentences.\n", {}, "b.md");
    expect(a.id).toBe(b.id);
  });

  it("refuses a file that is only markup", () => {
    expect(() => parseMarkdownArticle("# Title\n\n## Section\n\n---\n", {}, "empty.md")).toThrow(/no article text/);
  });

  it("recognises markup lines", () => {
    for (const line of ["## Section", "***", "- - -", "![x](y.png)", "<!-- c -->", "```js"]) expect(isMarkupLine(line)).toBe(true);
    for (const line of ["", "Plain sentence.", "- a list item", "#hashtag is text", "> quote"]) expect(isMarkupLine(line)).toBe(false);
  });
});

describe("parseJsonLines", () => {
  const line = (o: unknown) => JSON.stringify(o);

  it("reads one article per line with the metadata given", () => {
    const raw = [
      line({ title: "Zeppelin returns", source: "Lake Post", date: "2024-06-01", url: "https://example.com/z", text: "A restored zeppelin flew on Sunday. It carried twelve passengers." }),
      "",
      line({ text: "Rangers counted more quokkas this year. The drought is over." }),
    ].join("\n");
    const results = parseJsonLines(raw, "bulk.jsonl");
    expect(results).toHaveLength(2);
    const [a, b] = results.map((r) => ("article" in r ? r.article : null));
    expect(a).toMatchObject({ title: "Zeppelin returns", source: "Lake Post", date: "2024-06-01", url: "https://example.com/z" });
    expect(a!.text).toBe("A restored zeppelin flew on Sunday. It carried twelve passengers.");
    expect(b).toMatchObject({ source: null, date: null, url: null });
    expect(b!.title).toBe("Rangers counted more quokkas this year");
    expect(results.map((r) => r.line)).toEqual([1, 3]);
  });

  it("refuses bad lines with their line number and keeps the others", () => {
    const raw = [
      line({ text: "Good line one. It is fine." }),
      "{not json",
      line(["an", "array"]),
      line({ title: "No text" }),
      line({ text: "Has a bad url.", url: "ftp://example.com/x" }),
      line({ text: "Title is a number.", title: 7 }),
      line({ text: "x".repeat(MAX_ARTICLE_BYTES + 1) }),
      line({ text: "Binary\u0000inside." }),
      line({ text: "Good line two. Also fine." }),
    ].join("\n");
    const results = parseJsonLines(raw, "bulk.jsonl");
    const errors = results.flatMap((r) => ("error" in r ? [r.error.message] : []));
    expect(results.filter((r) => "article" in r)).toHaveLength(2);
    expect(errors).toEqual([
      expect.stringMatching(/^bulk\.jsonl:2: not valid JSON/),
      expect.stringMatching(/^bulk\.jsonl:3: expected an object/),
      expect.stringMatching(/^bulk\.jsonl:4: "text" is missing/),
      expect.stringMatching(/^bulk\.jsonl:5: url .* not an http\(s\) URL/),
      expect.stringMatching(/^bulk\.jsonl:6: "title" must be a string/),
      expect.stringMatching(/^bulk\.jsonl:7: text is \d+ bytes, larger than/),
      expect.stringMatching(/^bulk\.jsonl:8: text looks like binary/),
    ]);
  });

  it("refuses a file with no lines", () => {
    const [r] = parseJsonLines("\n\n", "empty.jsonl");
    expect("error" in r && r.error.message).toMatch(/no JSON lines/);
  });
});

describe("decodeBulkBytes", () => {
  it("accepts files larger than one article, with the same refusals otherwise", () => {
    const big = new TextEncoder().encode(JSON.stringify({ text: "a ".repeat(MAX_ARTICLE_BYTES) }));
    expect(decodeBulkBytes(big, "big.jsonl").length).toBe(big.length);
    expect(() => decodeBulkBytes(new Uint8Array(), "e.jsonl")).toThrow(/empty/);
    expect(() => decodeBulkBytes(new Uint8Array([0x7b, 0, 0x7d]), "b.jsonl")).toThrow(/binary/);
    expect(() => decodeBulkBytes(new Uint8Array([0x7b, 0xe9, 0x7d]), "l.jsonl")).toThrow(/not valid UTF-8/);
    expect(() => decodeBulkBytes(new Uint8Array(10), "n.jsonl", 5)).toThrow(/larger than the 5-byte limit/);
  });
});
