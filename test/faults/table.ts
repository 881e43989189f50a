/**
 * npm run faults: runs every fault scenario (scenarios.ts) and prints the
 * issue's table with what happens now. Exit code 1 if any row is not
 * "starts on the last good state" or "refuses naming the file".
 */
import { cleanup, scenarios } from "./scenarios.js";

async function main() {
  const only = process.argv[2] ? new RegExp(process.argv[2], "i") : null;
  const rows: string[] = [];
  let bad = 0;
  for (const scenario of scenarios().filter((s) => !only || only.test(s.fault))) {
    process.stderr.write(`… ${scenario.fault}\n`);
    const r = await scenario.run();
    if (r.verdict !== "last good state" && r.verdict !== "refuses naming the file") bad++;
    const tidy = (text: string) => text.replace(/\/[^ "]*?\/verbatim-faults-[^/ ]+\/corpus/g, "corpus").replace(/\|/g, "\\|").replace(/\n/g, " ");
    rows.push(`| ${scenario.fault} | ${r.verdict === "last good state" ? "**starts on the last good state**" : r.verdict === "refuses naming the file" ? "**refuses naming the file and the fix**" : `**${r.verdict.toUpperCase()}**`} | ${tidy(r.outcome)}${r.details.length ? ` (${tidy(r.details.join("; "))})` : ""} |`);
  }
  cleanup();
  console.log("| fault | verdict | what happens now |\n|---|---|---|\n" + rows.join("\n"));
  if (bad) process.exitCode = 1;
}

main().catch((error) => {
  cleanup();
  console.error(error);
  process.exit(1);
});
