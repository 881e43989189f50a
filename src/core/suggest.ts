/**
 * Suggested questions for an empty chat, drawn from the corpus itself: the
 * people the articles quote most ("What did Dmitry Peskov say?"), one per
 * article, so suggestions follow whatever corpus is loaded.
 */
import type { SearchIndex } from "./store.js";

const SPEAKER_AFTER = /\b([A-Z][\p{Ll}]+\s+[A-Z][\p{Ll}]+)\s+(?:said|told|says|warned|added|tweeted|posted)\b/gu;
const SPEAKER_BEFORE = /\b(?:said|says)\s+([A-Z][\p{Ll}]+\s+[A-Z][\p{Ll}]+)\b/gu;
const NOT_PEOPLE = /^(The|This|That|He|She|It|They|We|Russia|China|Ukraine|Moscow|Beijing|Kyiv|Washington|White House|United States|Kremlin)\b/;

export function suggestQuestions(index: SearchIndex, max = 4): string[] {
  const picks: { name: string; count: number; articleId: string }[] = [];
  for (const article of index.articles) {
    const counts = new Map<string, number>();
    for (const re of [SPEAKER_AFTER, SPEAKER_BEFORE])
      for (const m of article.text.matchAll(re)) if (!NOT_PEOPLE.test(m[1])) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (best) picks.push({ name: best[0], count: best[1], articleId: article.id });
  }
  const seen = new Set<string>();
  return picks
    .sort((a, b) => b.count - a.count || (a.articleId < b.articleId ? -1 : 1))
    .filter((p) => !seen.has(p.name) && seen.add(p.name))
    .slice(0, max)
    .map((p) => `What did ${p.name} say?`);
}
