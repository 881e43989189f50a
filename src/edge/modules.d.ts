/** Module types of the files wrangler bundles with the Worker (its default module rules). */
declare module "*.bin" {
  /** A Data module: the file's bytes. */
  const bytes: ArrayBuffer;
  export default bytes;
}

declare module "*.txt" {
  /** A Text module: the file's contents. */
  const text: string;
  export default text;
}
