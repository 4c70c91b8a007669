#!/usr/bin/env node
// Compiles the OTLP .proto subset in lib/ingest/formats/otlp-proto/ into descriptor.json,
// which the decoder imports: a JSON module bundles on every host (next build, serverless),
// where .proto files read at run time would need file tracing. A unit test checks that the
// committed descriptor matches the .proto files.
//
//   node scripts/generate-otlp-descriptor.mjs
import { writeFileSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";

const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../lib/ingest/formats/otlp-proto");

export function loadOtlpRoot() {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(dir, path.basename(target));
  root.loadSync("collector.proto", { keepCase: false });
  root.resolveAll();
  return root;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(path.join(dir, "descriptor.json"), JSON.stringify(loadOtlpRoot().toJSON(), null, 1) + "\n");
  console.log("wrote", path.join(dir, "descriptor.json"));
}
