/**
 * A lookup over a table of index-term pairs ("decreas increas"), as the
 * lexicon files antonyms.json and related.json store them: each term's
 * partners, built on first use.
 */
export function termPairLookup(pairs: readonly string[]): (term: string) => readonly string[] {
  let byTerm: Map<string, string[]> | null = null;
  return (term) => {
    if (!byTerm) {
      byTerm = new Map();
      for (const pair of pairs) {
        const [a, b] = pair.split(" ");
        byTerm.set(a, [...(byTerm.get(a) ?? []), b]);
        byTerm.set(b, [...(byTerm.get(b) ?? []), a]);
      }
    }
    return byTerm.get(term) ?? [];
  };
}
