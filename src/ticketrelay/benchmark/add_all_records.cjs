// Writes COUNT records with kintone's official JavaScript client (`addAllRecords`, which sends
// bulkRequests of 20 x 100) to the app APP at SIM_URL with TOKEN; prints {"seconds": ...}.
// CLIENT_DIR is a folder whose node_modules holds @kintone/rest-api-client.
const { createRequire } = require("node:module");
const path = require("node:path");

const load = createRequire(path.join(process.env.CLIENT_DIR, "package.json"));
const { KintoneRestAPIClient } = load("@kintone/rest-api-client");

async function main() {
  const count = Number(process.env.COUNT);
  const client = new KintoneRestAPIClient({
    baseUrl: process.env.SIM_URL,
    auth: { apiToken: process.env.TOKEN },
  });
  const records = [];
  for (let n = 0; n < count; n++) {
    records.push({
      activity_id: { value: `js-${n}` },
      channel: { value: "メール" },
      subject: { value: `ご注文番号 ${n} の配送について` },
      body: { value: "いつもご利用ありがとうございます。\n".repeat(8) },
      start_at: { value: "2026-11-25T01:00:00Z" },
    });
  }
  const began = process.hrtime.bigint();
  await client.record.addAllRecords({ app: process.env.APP, records });
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  process.stdout.write(JSON.stringify({ seconds }) + "\n");
}

main().catch((error) => {
  process.stderr.write(String(error) + "\n");
  process.exit(1);
});
