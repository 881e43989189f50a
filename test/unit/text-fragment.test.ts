/** Links that make the browser highlight the quoted sentence on the original page. */
import { describe, expect, it } from "vitest";
import { EXACT_MATCH_MAX_CHARS, encodeTextDirectivePart, textDirective, textFragmentUrl } from "../../src/core/text-fragment.js";

/** Parse a directive the way a browser does: split on ",", percent-decode each part. */
function parts(url: string): string[] {
  const directive = url.split(":~:text=")[1];
  return directive.split(",").map(decodeURIComponent);
}

describe("textFragmentUrl", () => {
  it("links a short quote exactly", () => {
    const url = textFragmentUrl("https://example.com/news/1", "The resolution was adopted on Thursday.")!;
    expect(url).toBe("https://example.com/news/1#:~:text=The%20resolution%20was%20adopted%20on%20Thursday.");
    expect(parts(url)).toEqual(["The resolution was adopted on Thursday."]);
  });

  it("encodes the directive's own syntax characters inside the quote", () => {
    const quote = "Ceasefire talks - in Geneva, Paris & Rome - resumed (again)!";
    const url = textFragmentUrl("https://example.com/a", quote)!;
    const directive = url.split(":~:text=")[1];
    expect(directive).not.toMatch(/[-,&]/);
    expect(parts(url)).toEqual([quote]);
    expect(encodeTextDirectivePart("a-b,c&d")).toBe("a%2Db%2Cc%26d");
  });

  it("encodes non-ASCII text as UTF-8", () => {
    const url = textFragmentUrl("https://example.com/a", "Zelensky’s “peace formula” was discussed.")!;
    expect(url).toContain("%E2%80%99");
    expect(parts(url)).toEqual(["Zelensky’s “peace formula” was discussed."]);
  });

  it("uses textStart,textEnd for long quotes", () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`);
    const quote = `${words.join(" ")}.`;
    expect(quote.length).toBeGreaterThan(EXACT_MATCH_MAX_CHARS);
    const url = textFragmentUrl("https://example.com/a", quote)!;
    expect(parts(url)).toEqual(["word0 word1 word2 word3 word4", "word75 word76 word77 word78 word79."]);
  });

  it("collapses whitespace as the rendered page does", () => {
    expect(textDirective("Two  spaces\nand a line.")).toBe("text=Two%20spaces%20and%20a%20line.");
  });

  it("keeps an existing fragment and replaces an existing directive", () => {
    expect(textFragmentUrl("https://example.com/a#section-2", "Hello there.")).toBe("https://example.com/a#section-2:~:text=Hello%20there.");
    expect(textFragmentUrl("https://example.com/a#:~:text=old", "New quote.")).toBe("https://example.com/a#:~:text=New%20quote.");
    expect(textFragmentUrl("https://example.com/a?x=1&y=2", "Quote.")).toBe("https://example.com/a?x=1&y=2#:~:text=Quote.");
  });

  it("refuses anything but absolute http(s) URLs", () => {
    expect(textFragmentUrl("javascript:alert(1)", "x")).toBeNull();
    expect(textFragmentUrl("/relative/path", "x")).toBeNull();
    expect(textFragmentUrl("not a url", "x")).toBeNull();
  });

  it("returns the bare URL for an empty quote", () => {
    expect(textFragmentUrl("https://example.com/a", "   ")).toBe("https://example.com/a");
  });
});
