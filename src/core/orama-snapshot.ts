/**
 * Orama's saved database, minus everything openIndex can derive.
 *
 * Orama's own snapshot of the full BBC corpus is 41 MB of JSON, and parsing it
 * was most of the server's start-up. Most of it repeats what the index
 * already holds elsewhere:
 *   docs         the passages' text, which the articles hold;
 *   frequencies  BM25 term frequency per (passage, term): the tokenizer yields
 *                each term once per field, so it is 1 / field length for
 *                every posting (kept verbatim for any field where it is not);
 *   sorting      off: Verbatim never sorts by a field;
 *   vectors      in vectors.bin.
 * What is left, the term trees and field lengths, is about a sixth of the size.
 *
 * This reads and writes Orama's snapshot layout (@orama/orama 3.x), so the
 * index build test, which compares a fresh build with the committed files,
 * is also what notices a changed layout after an upgrade.
 */
import { load, save, type AnyOrama, type RawData } from "@orama/orama";

/** The snapshot as stored in orama.json. */
export type OramaPack = RawData & { derived: { frequencies: string[] } };

interface Snapshot {
  internalDocumentIDStore: { internalIdToId: string[] };
  index: {
    vectorIndexes: Record<string, { size: number; vectors: unknown[] }>;
    frequencies: Record<string, Record<string, Record<string, number> | undefined>>;
    fieldLengths: Record<string, Record<string, number | undefined>>;
  };
  docs: { docs: Record<string, unknown>; count: number };
}

/** Every stored tf is 1 / field length: true whenever each term is counted once per field. */
function tfFollowsLength(frequencies: Snapshot["index"]["frequencies"][string], lengths: Snapshot["index"]["fieldLengths"][string]): boolean {
  for (const id of Object.keys(frequencies)) {
    const terms = frequencies[id];
    if (!terms) continue;
    const tf = 1 / lengths[id]!;
    for (const term of Object.keys(terms)) if (terms[term] !== tf) return false;
  }
  return true;
}

/** Saves the database without what can be derived. Edits Orama's fresh save output in place: a deep copy costs seconds at scale. */
export function packSnapshot(db: AnyOrama): OramaPack {
  const raw = save(db) as unknown as Snapshot;
  const derivedFrequencies: string[] = [];
  for (const prop of Object.keys(raw.index.frequencies).sort()) {
    if (!tfFollowsLength(raw.index.frequencies[prop], raw.index.fieldLengths[prop])) continue;
    raw.index.frequencies[prop] = {};
    derivedFrequencies.push(prop);
  }
  for (const name of Object.keys(raw.index.vectorIndexes)) raw.index.vectorIndexes[name].vectors = [];
  raw.docs.docs = {};
  return Object.assign(raw as unknown as RawData, { derived: { frequencies: derivedFrequencies } });
}

/**
 * Term frequencies that answer 1 / field length for any term of a passage.
 * Orama only asks for the frequency of a term in a passage its term tree
 * lists under that term, so no other lookup reaches these objects. One
 * object per distinct length, built on first use.
 */
function frequenciesFromLengths(lengths: Record<string, number | undefined>): object {
  const byLength = new Map<number, object>();
  const forLength = (length: number) => {
    let terms = byLength.get(length);
    if (!terms) {
      const tf = 1 / length;
      terms = new Proxy({}, { get: (_, term) => (typeof term === "string" ? tf : undefined) });
      byLength.set(length, terms);
    }
    return terms;
  };
  return new Proxy(
    {},
    {
      get: (_, id) => {
        const length = typeof id === "string" ? lengths[id] : undefined;
        return length === undefined ? undefined : forLength(length);
      },
    },
  );
}

/** As Orama computes it (not Math.hypot, whose last bits differ), so scores match a database built by inserts. */
function magnitude(v: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}

export interface PassageDoc {
  id: string;
  title: string;
  text: string;
}

/**
 * Loads a pack into a fresh database. `doc(id)` gives a passage's document;
 * `vector(id)` its vector, which goes into Orama's vector index as it is
 * (Orama's own loader copies every vector). The database is for search
 * only: derived frequencies cannot take inserts.
 */
export function loadSnapshot(
  db: AnyOrama,
  pack: OramaPack,
  doc: (id: string) => PassageDoc,
  vector: ((id: string) => Float32Array) | null,
): void {
  const { derived, ...saved } = pack as OramaPack;
  const raw = saved as unknown as Snapshot;
  const ids = raw.internalDocumentIDStore.internalIdToId;
  const docs: Record<string, PassageDoc> = {};
  // Orama's internal ids count from 1 in insertion order.
  ids.forEach((id, k) => (docs[k + 1] = doc(id)));
  const frequencies = { ...raw.index.frequencies };
  for (const prop of derived.frequencies) frequencies[prop] = frequenciesFromLengths(raw.index.fieldLengths[prop]) as never;
  load(db, { ...raw, docs: { ...raw.docs, docs }, index: { ...raw.index, frequencies } } as unknown as RawData);
  if (!vector) return;
  const data = (db as any).data.index.vectorIndexes;
  for (const name of Object.keys(data)) {
    const vectors: Map<number, [number, Float32Array]> = data[name].node.vectors;
    ids.forEach((id, k) => {
      const v = vector(id);
      vectors.set(k + 1, [magnitude(v), v]);
    });
  }
}
