/**
 * The corpus as the Worker receives it: two modules bundled with the code.
 *   corpus.txt   JSON text {format, manifest, chunks, orama, articles} (a Text module)
 *   vectors.bin  the index's float32 vectors, unchanged (a Data module)
 * JSON text rather than a JSON import: JSON.parse is faster than evaluating
 * the same data as a JavaScript literal, and it runs on the first request,
 * not during the Worker's start-up.
 */
import type { Article } from "../core/article.js";
import type { IndexFiles } from "../core/store.js";

export const BUNDLE_FORMAT = 1;

export interface CorpusBundle {
  files: IndexFiles;
  articles: Article[];
}

export function packCorpus({ files, articles }: CorpusBundle): { corpus: string; vectors: Uint8Array } {
  const sorted = [...articles].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const corpus = JSON.stringify({ format: BUNDLE_FORMAT, manifest: files.manifest, chunks: files.chunks, orama: files.orama, articles: sorted });
  const v = files.vectors;
  return { corpus, vectors: new Uint8Array(v.buffer, v.byteOffset, v.byteLength) };
}

export function unpackCorpus(corpus: string, vectors: ArrayBuffer | Uint8Array): CorpusBundle {
  const parsed = JSON.parse(corpus);
  if (parsed.format !== BUNDLE_FORMAT) throw new Error(`edge corpus bundle format ${parsed.format} is not supported; run \`npm run build:edge\``);
  let bytes = vectors instanceof Uint8Array ? vectors : new Uint8Array(vectors);
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const { manifest, chunks, orama, articles } = parsed;
  if (floats.length !== (manifest.passages + manifest.sentences) * manifest.dim)
    throw new Error("edge corpus bundle: vectors.bin does not match the manifest; run `npm run build:edge`");
  return { files: { manifest, chunks, orama, vectors: floats }, articles };
}
