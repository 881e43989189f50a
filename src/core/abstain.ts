/**
 * Whether the articles support an answer at all. Two rules give a specific
 * reason outright (nothing retrieved; a name no article mentions); otherwise
 * the learned abstainer's P(the best sentence answers the question) is
 * compared with its fitted threshold (model.ts, `npm run train`). The
 * hand-set rule it replaced stays only as the baseline `npm run eval -- --folds`
 * compares against.
 */
import type { ExpandedQuestion } from "./followup.js";
import { answerProbability, rankScores, type AnswerModel } from "./model.js";
import { expectedAnswerType, type SentenceFeatures } from "./rank.js";
import type { ScoredSentence } from "./sentences.js";
import type { SearchIndex } from "./store.js";
import { listed, offTopicReason, questionTopic, unknownTopics } from "./topic.js";
import { scopeWording, type ArticleScope } from "./scope.js";

export interface AbstainDecision {
  abstain: boolean;
  reason?: string;
  /** The value compared with the threshold: P(answer) for the learned abstainer. */
  support: number;
  threshold: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Rules that hold whatever a model says, each with its own reason. */
function ruledOut(index: SearchIndex, expanded: ExpandedQuestion, ranked: ScoredSentence[], scope: ArticleScope | null): string | null {
  const where = scopeWording(scope);
  // The more specific reason first: what no article mentions says more than that nothing was found.
  const missing = unknownTopics(index, expanded.question, scope);
  if (missing.length) return `${where.noneMentions} ${listed(missing, "or")}`;
  return ranked.length ? null : `${where.noPassage} shares a word with the question`;
}

/**
 * Why the best sentence does not answer, in the question's terms where the
 * on-topic checks can say. "No passage found is about X" only when none of the
 * candidates is: when some passage is about X but none says what is asked, the
 * reason says that instead of denying the passage exists.
 */
function lowProbabilityReason(expanded: ExpandedQuestion, ranked: ScoredSentence[], scope: ArticleScope | null): string {
  const where = scopeWording(scope);
  if (!ranked.some((s) => s.onTopic)) return offTopicReason(questionTopic(expanded.question), where);
  return `${where.doesNotSay} what the question asks`;
}

/**
 * A count is a number: a "how many" answered by a sentence with no quantity in
 * it or next to it is wrong whatever it shares with the question. ("When" is
 * not held to a date: "until the empire fell" answers it.) Training applies
 * the same rule to its held-out figures.
 */
export function countWithoutNumber(question: string, top: SentenceFeatures): boolean {
  return expectedAnswerType(question) === "number" && !top.typeFound;
}

/**
 * `logits`: the model's own ranker scores when it ordered the sentences (the
 * learned ranker's `logit`s); otherwise they are computed here, because the
 * abstainer reads the learned ranker's log-odds whichever ranker ordered them.
 * `scope`: the articles a scoped question may be answered from; its reasons say so.
 */
export function decideAbstention(
  index: SearchIndex,
  expanded: ExpandedQuestion,
  ranked: ScoredSentence[],
  model: AnswerModel,
  logits?: number[],
  scope: ArticleScope | null = null,
): AbstainDecision {
  const threshold = model.abstainer.threshold;
  const rule = ruledOut(index, expanded, ranked, scope);
  const features = ranked.map((s) => s.features);
  const scores = logits ?? rankScores(model, expanded.question, features);
  const support = ranked.length ? round(answerProbability(model, expanded.question, features, scores)) : 0;
  if (rule) return { abstain: true, reason: rule, support, threshold };
  if (countWithoutNumber(expanded.question, ranked[0].features))
    return { abstain: true, reason: offTopicReason(questionTopic(expanded.question), scopeWording(scope)), support, threshold };
  if (support < threshold) return { abstain: true, reason: lowProbabilityReason(expanded, ranked, scope), support, threshold };
  return { abstain: false, support, threshold };
}

/** The hand-set abstention rule of the feature ranker (the baseline; thresholds picked on the dev set). */
export const HAND_TUNED = {
  supportThreshold: 0.42,
  supportThresholdByEmbedder: { "use-lite-static": 0.36 } as Record<string, number>,
  lexicalSupportThreshold: 0.3,
} as const;

/** The hand-set support: cosine and IDF coverage mixed 0.6 / 0.4. */
export function supportOf(f: SentenceFeatures): number {
  return f.cosine === null ? f.support : 0.6 * f.cosine + 0.4 * f.support;
}

export function decideAbstentionHandTuned(
  index: SearchIndex,
  expanded: ExpandedQuestion,
  ranked: ScoredSentence[],
  embedder = "",
  scope: ArticleScope | null = null,
): AbstainDecision {
  const where = scopeWording(scope);
  const top = ranked[0];
  const lexicalOnly = !top || top.features.cosine === null;
  const threshold = lexicalOnly ? HAND_TUNED.lexicalSupportThreshold : (HAND_TUNED.supportThresholdByEmbedder[embedder] ?? HAND_TUNED.supportThreshold);
  const rule = ruledOut(index, expanded, ranked, scope);
  const leading = [...ranked].sort((a, b) => b.score - a.score).slice(0, 3);
  const support = leading.length ? Math.max(...leading.map((s) => supportOf(s.features))) : 0;
  if (rule) return { abstain: true, reason: rule, support, threshold };
  if (!top.onTopic) return { abstain: true, reason: offTopicReason(questionTopic(expanded.question), where), support, threshold };
  if (support < threshold) return { abstain: true, reason: `${where.closestPassages} only loosely related to the question`, support, threshold };
  return { abstain: false, support, threshold };
}
