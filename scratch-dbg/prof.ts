import { pgliteClient } from "../src/node/pglite-client.js";
import { loadLocalCorpus } from "../src/node/postgres-load.js";
import { searchPassages } from "../src/core/postgres/search.js";
import { openPostgresCorpus, readSlice } from "../src/core/postgres/corpus.js";
import { loadEmbedder, embedderConfigFromEnv } from "../src/core/embed/index.js";
const db = await pgliteClient();
await loadLocalCorpus(db);
const embedder = (await loadEmbedder(embedderConfigFromEnv()))!;
const corpus = await openPostgresCorpus(db);
const q = "What did China's peace plan call for in Ukraine?";
const v = (await embedder.embed([q]))[0];
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const hits = await searchPassages(db, { text: "China peace plan call Ukraine", vector: v, limit: 10 });
  const s1 = performance.now() - t;
  t = performance.now();
  await readSlice(db, corpus.meta, { articleIds: hits.map((h) => h.passageId.split("-")[0]), outletTerms: ["china"], limit: 10, lookup: ["china", "peac"], nearSpellings: ["china"] });
  const s2 = performance.now() - t;
  t = performance.now();
  await searchPassages(db, { text: "China peace plan call Ukraine", vector: null, limit: 10 });
  const s3 = performance.now() - t;
  console.log({ search: s1.toFixed(1), slice: s2.toFixed(1), lexicalOnly: s3.toFixed(1) });
}
