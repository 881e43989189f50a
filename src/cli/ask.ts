/**
 * npm run ask -- "What did China's 12-point plan call for?" [--debug]
 * The same answer as the web chat, in the terminal, with numbered citations.
 */
import { loadEngine } from "../node/load-engine.js";

async function main(argv: string[]) {
  const debug = argv.includes("--debug");
  const question = argv.filter((a) => a !== "--debug").join(" ").trim();
  if (!question) {
    console.error('usage: npm run ask -- "your question" [--debug]');
    process.exit(2);
  }
  const engine = await loadEngine();
  const result = await engine.answer({ question, debug });
  console.log(`\n${result.answer}\n`);
  if (result.abstained) console.log("(abstained: no citations)");
  for (const c of result.citations) {
    console.log(`[${c.n}] ${c.title}`);
    console.log(`    "${c.quote}"`);
    console.log(`    article ${c.articleId}, characters ${c.start}–${c.end}, score ${c.score}, ${c.url}`);
    for (const also of c.alsoIn ?? []) console.log(`    also in: ${also.title} (${also.id})`);
  }
  console.log(`\n${result.timings.totalMs} ms, embedder ${engine.embedder.active}`);
  if (debug) console.log(JSON.stringify(result.trace, null, 2));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`ask failed: ${error.message}`);
  process.exit(1);
});
