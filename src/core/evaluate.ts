/**
 * Answer-quality evaluation over question sets in JSON Lines:
 * {id, question, answers: [alternative substrings], history?, kind}
 * An empty `answers` list marks a question the articles cannot answer.
 */
import type { ServingEngine, AnswerResult } from "./engine.js";
import type { Turn } from "./followup.js";

export interface EvalQuestion {
  id: string;
  question: string;
  answers: string[];
  history?: Turn[];
  kind?: string;
}

export interface EvalOutcome {
  q: EvalQuestion;
  result: AnswerResult;
  answerable: boolean;
  hit: boolean;
  hitAt1: boolean;
  hitAt3: boolean;
  ms: number;
}

export interface EvalSummary {
  answerable: number;
  unanswerable: number;
  hit: number;
  hitAt1: number;
  hitAt3: number;
  abstention: number;
  falseAbstention: number;
  p50Ms: number;
  p95Ms: number;
  /** The same without the query embedding (the answer's own `timings`): what the answer layer costs. */
  p50WithoutEmbedMs: number;
}

export function parseQuestions(jsonl: string): EvalQuestion[] {
  return jsonl
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion);
}

const contains = (text: string, answers: string[]) => answers.some((a) => text.toLowerCase().includes(a.toLowerCase()));

export async function evaluate(engine: ServingEngine, questions: EvalQuestion[], options: { debug?: boolean } = {}): Promise<EvalOutcome[]> {
  const outcomes: EvalOutcome[] = [];
  for (const q of questions) {
    const t = performance.now();
    const result = await engine.answer({ question: q.question, history: q.history, debug: options.debug });
    const ms = performance.now() - t;
    const answerable = q.answers.length > 0;
    // A context sentence (what the answer's opening pronoun means) is quoted, but it is not the answer.
    const quotes = result.citations.filter((c) => !c.context).map((c) => c.quote);
    outcomes.push({
      q,
      result,
      answerable,
      hit: answerable && !result.abstained && contains(quotes.join(" "), q.answers),
      hitAt1: answerable && quotes.length > 0 && contains(quotes[0], q.answers),
      hitAt3: answerable && contains(quotes.slice(0, 3).join(" "), q.answers),
      ms,
    });
  }
  return outcomes;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarize(outcomes: EvalOutcome[]): EvalSummary {
  const answerable = outcomes.filter((o) => o.answerable);
  const unanswerable = outcomes.filter((o) => !o.answerable);
  const rate = (xs: EvalOutcome[], f: (o: EvalOutcome) => boolean) => (xs.length ? xs.filter(f).length / xs.length : 0);
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hit: rate(answerable, (o) => o.hit),
    hitAt1: rate(answerable, (o) => o.hitAt1),
    hitAt3: rate(answerable, (o) => o.hitAt3),
    abstention: rate(unanswerable, (o) => o.result.abstained),
    falseAbstention: rate(answerable, (o) => o.result.abstained),
    p50Ms: percentile(outcomes.map((o) => o.ms), 50),
    p95Ms: percentile(outcomes.map((o) => o.ms), 95),
    p50WithoutEmbedMs: percentile(outcomes.map((o) => o.result.timings.totalMs - o.result.timings.embedMs), 50),
  };
}
