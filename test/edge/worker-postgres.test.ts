/**
 * The Worker over PostgreSQL (src/worker-postgres.ts) in workerd, reaching
 * the database through its Hyperdrive binding in wrangler's local mode (the
 * binding's connection string points at a pglite-socket server started
 * here, loaded by db:load's code): the same health, answers and citation ids
 * as the Node app on the same query embedder (the edge's static table) over
 * the committed local index.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgClient } from "../../src/core/postgres/pg-client.js";
import { loadLocalCorpus } from "../../src/node/postgres-load.js";
import { startPostgresServer, type TestPostgres } from "../helpers/postgres-server.js";
import { devQuestions } from "../helpers/engine.js";
import { startLocalWorker, staticEmbedderNodeApp, withoutTimings, type LocalWorker } from "../helpers/worker.js";

process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const SETTINGS = { RATE_LIMIT_PER_MIN: "6000" };
type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

let server: TestPostgres;
let worker: LocalWorker;
let edge: Fetch;
let node: Fetch;

beforeAll(async () => {
  server = await startPostgresServer();
  const db = pgClient(server.url);
  await loadLocalCorpus(db);
  await db.close();
  // What wrangler's local Hyperdrive connects to instead of wrangler.toml's localConnectionString.
  process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE = server.url;
  worker = await startLocalWorker(SETTINGS, { env: "postgres" });
  edge = (path, init) => fetch(new URL(path, worker.origin), init);
  node = await staticEmbedderNodeApp(SETTINGS);
}, 180_000);

afterAll(async () => {
  await worker?.dispose();
  await server?.stop();
});

async function both(path: string, init?: RequestInit) {
  const [a, b] = await Promise.all([node(path, init), edge(path, init)]);
  const read = async (r: Response) => ({ status: r.status, body: r.headers.get("content-type")?.includes("json") ? await r.json() : await r.text() });
  return { node: await read(a), edge: await read(b) };
}

const post = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });


describe("the Worker over Hyperdrive (workerd, local Hyperdrive → pglite-socket)", () => {
  it("reports the database's corpus, with the static query embedder active", async () => {
    const r = await both("/api/health");
    expect(r.edge.status, JSON.stringify(r.edge.body)).toBe(200);
    expect(r.edge.body).toEqual(r.node.body);
    expect(r.edge.body).toMatchObject({ status: "ok", embedder: "use-lite-static" });
  });

  it("gives the same answers and citation ids for the dev questions as the Node app", async () => {
    let answered = 0;
    const citationIds = new Set<string>();
    for (const q of devQuestions()) {
      const r = await both("/api/answer", post({ question: q.question, ...(q.history ? { history: q.history } : {}) }));
      expect(r.edge.status, `${q.id} ${JSON.stringify(r.edge.body)}`).toBe(200);
      expect(withoutTimings(r.edge.body), q.id).toEqual(withoutTimings(r.node.body));
      for (const c of r.edge.body.citations) citationIds.add(c.id);
      if (!r.edge.body.abstained) answered++;
    }
    expect(answered).toBeGreaterThan(devQuestions().length / 2);
    for (const id of [...citationIds].slice(0, 5)) {
      const r = await both(`/api/citations/${encodeURIComponent(id)}`);
      expect(r.edge, id).toEqual(r.node);
    }
  }, 120_000);

  it("lists the same articles", async () => {
    const r = await both("/api/articles");
    expect(r.edge).toEqual(r.node);
  });
});
