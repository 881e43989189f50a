/** A PostgreSQL server for tests (PGlite behind pglite-socket, on a free port): see src/node/pglite-server.ts. */
export { startPgliteServer as startPostgresServer, type LocalPostgres as TestPostgres } from "../../src/node/pglite-server.js";
