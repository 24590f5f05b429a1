// Reads an Arrow IPC file with Apache Arrow's own JavaScript implementation (an independent
// reader of the format) and prints, as JSON: row count, batch count, and per column its type,
// null count, the sum of its values in double precision and its first and last value.
// Used by ArrowJsInteropTest; run as: node arrow-summary.mjs FILE
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const table = tableFromIPC(readFileSync(process.argv[2]));
const columns = {};
for (const field of table.schema.fields) {
  const vector = table.getChild(field.name);
  let sum = 0;
  for (let i = 0; i < vector.length; i++) {
    sum += Number(vector.get(i));
  }
  columns[field.name] = {
    type: String(field.type),
    nulls: vector.nullCount,
    sum,
    first: vector.length > 0 ? Number(vector.get(0)) : null,
    last: vector.length > 0 ? Number(vector.get(vector.length - 1)) : null,
  };
}
console.log(JSON.stringify({ rows: table.numRows, batches: table.batches.length, columns }));
