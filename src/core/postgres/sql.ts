/**
 * The few things the PostgreSQL store asks of a driver, so the same SQL runs
 * through `pg` (a server, Hyperdrive from a Worker) and PGlite (in-process,
 * in tests) — see node/postgres-client.ts for both.
 */
export interface SqlClient {
  /** One statement with $1… parameters; rows as objects. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs `work` in one transaction: all of its writes commit together, or none do. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

type Queryable = { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> };

/** A driver's connection (anything with query → {rows}) as a SqlClient. */
export function clientOf(q: Queryable, transaction: SqlClient["transaction"], close: () => Promise<void>): SqlClient {
  return {
    async query<Row>(text: string, params?: unknown[]) {
      return (await q.query(text, params)).rows as Row[];
    },
    transaction,
    close,
  };
}

/** pgvector's text form of a vector: exact for float32 values, which JavaScript prints in full. */
export function vectorLiteral(v: Float32Array): string {
  return `[${Array.from(v).join(",")}]`;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** Float32 vectors as little-endian bytes in hex (the layout of vectors.bin), for a bytea column. */
export function vectorHex(v: Float32Array): string {
  const bytes = new Uint8Array(v.length * 4);
  const view = new DataView(bytes.buffer);
  v.forEach((x, i) => view.setFloat32(i * 4, x, true));
  let hex = "";
  for (const b of bytes) hex += HEX[b];
  return hex;
}

const HEX_DIGIT = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX_DIGIT["0123456789abcdef".charCodeAt(i)] = HEX_DIGIT["0123456789ABCDEF".charCodeAt(i)] = i;

/** Hex to bytes; a table lookup per digit, because a question reads megabytes of vectors this way. */
function hexBytes(hex: string): Uint8Array {
  const from = hex.startsWith("\\x") ? 2 : 0;
  const bytes = new Uint8Array((hex.length - from) / 2);
  for (let i = 0, j = from; i < bytes.length; i++, j += 2) bytes[i] = (HEX_DIGIT[hex.charCodeAt(j)] << 4) | HEX_DIGIT[hex.charCodeAt(j + 1)];
  return bytes;
}

/** The inverse of vectorHex. */
export function hexVector(hex: string): Float32Array {
  const bytes = hexBytes(hex);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** pgvector's binary form (vector_send): int16 dimension, int16 unused, then big-endian float32s. */
export function sentVector(hex: string): Float32Array {
  const bytes = hexBytes(hex);
  const view = new DataView(bytes.buffer);
  const dim = view.getInt16(0);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = view.getFloat32(4 + i * 4, false);
  return out;
}
