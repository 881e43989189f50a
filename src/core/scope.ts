/**
 * Questions asked of chosen articles only ("ask this story"): which articles
 * a question may be answered from, and how an abstention says where it
 * looked. Retrieval fills the pool from the scope alone (retrieve.ts); the
 * checks that a name is mentioned at all look only there too (topic.ts).
 */
import type { SearchIndex } from "./store.js";

export interface ArticleScope {
  /** Article ids, each once, in the order asked. */
  ids: string[];
}

/** The request names articles the index does not hold; nothing is answered. */
export class UnknownArticlesError extends Error {
  constructor(readonly ids: string[]) {
    super(`unknown article id${ids.length > 1 ? "s" : ""}: ${ids.join(", ")}`);
    this.name = "UnknownArticlesError";
  }
}

/** The scope of `articleIds`, or null for the whole corpus; throws UnknownArticlesError naming every unknown id. */
export function articleScope(index: SearchIndex, articleIds: readonly string[] | undefined): ArticleScope | null {
  if (!articleIds) return null;
  const ids = [...new Set(articleIds)];
  const unknown = ids.filter((id) => !index.articleById.has(id));
  if (unknown.length) throw new UnknownArticlesError(unknown);
  return { ids };
}

/** The phrases an abstention uses to say where it looked: the corpus, or the selected articles. */
export interface ScopeWording {
  /** "I can't answer that from …" */
  source: string;
  /** "… X" when nothing in the scope names X. */
  noneMentions: string;
  /** "… shares a word", "… gives a number". */
  noPassage: string;
  /** "… is about X". */
  noPassageFound: string;
  /** "… do(es) not say what the question asks". */
  doesNotSay: string;
  /** "… only loosely related to the question". */
  closestPassages: string;
}

const CORPUS: ScopeWording = {
  source: "these articles",
  noneMentions: "no article mentions",
  noPassage: "no passage",
  noPassageFound: "no passage found",
  doesNotSay: "the closest passages do not say",
  closestPassages: "the closest passages are",
};

const ONE_ARTICLE: ScopeWording = {
  source: "the selected article",
  noneMentions: "the selected article does not mention",
  noPassage: "no passage in the selected article",
  noPassageFound: "no passage in the selected article",
  doesNotSay: "the selected article does not say",
  closestPassages: "the closest passages in the selected article are",
};

const SOME_ARTICLES: ScopeWording = {
  source: "the selected articles",
  noneMentions: "none of the selected articles mentions",
  noPassage: "no passage in the selected articles",
  noPassageFound: "no passage in the selected articles",
  doesNotSay: "the selected articles do not say",
  closestPassages: "the closest passages in the selected articles are",
};

export function scopeWording(scope: ArticleScope | null): ScopeWording {
  if (!scope) return CORPUS;
  return scope.ids.length === 1 ? ONE_ARTICLE : SOME_ARTICLES;
}
