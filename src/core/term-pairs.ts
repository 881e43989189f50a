/**
 * A lookup over a table of index-term pairs ("decreas increas"), as the
 * lexicon files antonyms.json and related.json store them: each term's
 * partners, built on first use.
 */
export function termPairLookup(pairs: readonly string[]): (term: string) => readonly string[] {
  let byTerm: Map<string, string[]> | null = null;
  const partnersOf = (map: Map<string, string[]>, term: string) => map.get(term) ?? map.set(term, []).get(term)!;
  return (term) => {
    if (!byTerm) {
      byTerm = new Map();
      for (const pair of pairs) {
        const [a, b] = pair.split(" ");
        partnersOf(byTerm, a).push(b);
        partnersOf(byTerm, b).push(a);
      }
    }
    return byTerm.get(term) ?? [];
  };
}
