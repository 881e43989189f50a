/**
 * npm run ask -- "What did China's 12-point plan call for?" [--debug] [--url http://localhost:8787]
 * The same answer as the web chat, in the terminal, with numbered citations.
 * Without --url it loads the index and model here; with it, it asks a running
 * server through the typed client (packages/client), as any program would.
 */
import { createClient, VerbatimError, type AnswerResponse as ServedAnswer } from "../../packages/client/src/index.js";
import { loadServingEngine } from "../node/database.js";

/** An answer as printed: asked here, it has no answerId (only the HTTP API gives one, for feedback). */
type AnswerResponse = Omit<ServedAnswer, "answerId">;

interface Args {
  question: string;
  debug: boolean;
  url?: string;
}

function parseArgs(argv: string[]): Args {
  const rest: string[] = [];
  let url: string | undefined;
  let debug = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--debug") debug = true;
    else if (argv[i] === "--url") url = argv[++i];
    else if (argv[i].startsWith("--url=")) url = argv[i].slice("--url=".length);
    else rest.push(argv[i]);
  }
  return { question: rest.join(" ").trim(), debug, url };
}

/** Asks a running server; returns the answer and the name of the embedder that served it. */
async function askServer(url: string, question: string, debug: boolean): Promise<[AnswerResponse, string]> {
  const client = createClient({ baseUrl: url });
  const [result, health] = await Promise.all([client.answer({ question, debug }), client.health()]);
  return [result, health.embedder];
}

async function askHere(question: string, debug: boolean): Promise<[AnswerResponse, string]> {
  const { engine, close } = await loadServingEngine();
  try {
    return [await engine.answer({ question, debug }), engine.embedder.active];
  } finally {
    await close();
  }
}

function print(result: AnswerResponse, embedder: string, debug: boolean) {
  console.log(`\n${result.answer}\n`);
  if (result.abstained) console.log("(abstained: no citations)");
  for (const c of result.citations) {
    console.log(`[${c.n}] ${c.context ? "(context for the next sentence) " : ""}${c.title}`);
    console.log(`    "${c.quote}"`);
    console.log(`    article ${c.articleId}, characters ${c.start}–${c.end}, score ${c.score}, ${c.url}`);
    for (const also of c.alsoIn ?? []) console.log(`    also in: ${also.title} (${also.id})`);
  }
  console.log(`\n${result.timings.totalMs} ms, embedder ${embedder}`);
  if (debug) console.log(JSON.stringify(result.trace, null, 2));
}

async function main(argv: string[]) {
  const { question, debug, url } = parseArgs(argv);
  if (!question || url === "") {
    console.error('usage: npm run ask -- "your question" [--debug] [--url http://localhost:8787]');
    process.exit(2);
  }
  const [result, embedder] = url ? await askServer(url, question, debug) : await askHere(question, debug);
  print(result, embedder, debug);
}

main(process.argv.slice(2)).catch((error) => {
  // A server's refusal (e.g. 400 invalid_request) is the caller's to fix: exit 2, like a usage error.
  if (error instanceof VerbatimError && error.status >= 400 && error.status < 500) {
    console.error(`ask refused: ${error.code}: ${error.message}`);
    process.exit(2);
  }
  console.error(`ask failed: ${error.message}`);
  process.exit(1);
});
