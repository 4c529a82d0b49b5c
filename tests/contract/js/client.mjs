// Drives kintone's official JavaScript client against the simulator at SIM_URL and prints
// one JSON object with what it saw. Run by tests/contract/test_js_client.py.
import { KintoneRestAPIClient } from "@kintone/rest-api-client";

const baseUrl = process.env.SIM_URL;
const out = {};

async function capture(action) {
  try {
    await action();
    return null;
  } catch (error) {
    const inner = error.error ?? error;
    return {
      name: error.constructor.name,
      status: inner.status ?? null,
      code: inner.code ?? null,
      errorKeys: inner.errors ? Object.keys(inner.errors).sort() : null,
      errorIndex: error.errorIndex ?? null,
      processed: error.numOfProcessedRecords ?? null,
    };
  }
}

async function issueToken(app, permissions) {
  const response = await fetch(`${baseUrl}/_sim/apps/${app}/api-tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ permissions }),
  });
  return (await response.json()).token;
}

const admin = new KintoneRestAPIClient({ baseUrl, auth: { username: "admin", password: "admin" } });
const { app, revision } = await admin.app.addApp({ name: "contract" });
out.addApp = { app, revision };
await admin.app.addFormFields({
  app,
  properties: {
    event_id: { type: "SINGLE_LINE_TEXT", code: "event_id", label: "Event", unique: true, required: true },
    title: { type: "SINGLE_LINE_TEXT", code: "title", label: "Title", maxLength: "20" },
    amount: { type: "NUMBER", code: "amount", label: "Amount", maxValue: "1000" },
  },
});
await admin.app.deployApp({ apps: [{ app }] });
let status = "PROCESSING";
while (status === "PROCESSING") {
  status = (await admin.app.getDeployStatus({ apps: [app] })).apps[0].status;
}
out.deployStatus = status;
const form = await admin.app.getFormFields({ app });
out.fields = Object.fromEntries(
  ["event_id", "title", "amount"].map((code) => [code, form.properties[code].type]),
);
out.uniqueIsBoolean = form.properties.event_id.unique === true;

const token = await issueToken(app, { view: true, add: true, edit: true, delete: true });
const client = new KintoneRestAPIClient({ baseUrl, auth: { apiToken: token } });

const hundred = Array.from({ length: 100 }, (_, i) => ({
  event_id: { value: `e${i}` },
  title: { value: `t${i}` },
  amount: { value: i },
}));
const added = await client.record.addRecords({ app, records: hundred });
out.addRecords = { count: added.ids.length, first: added.ids[0], last: added.ids[99] };

const many = Array.from({ length: 2500 }, (_, i) => ({
  event_id: { value: `bulk${i}` },
  amount: { value: String(i % 1000) },
}));
const all = await client.record.addAllRecords({ app, records: many });
out.addAllRecords = { count: all.records.length, first: all.records[0].id, last: all.records[2499].id };

const upserted = await client.record.updateRecords({
  app,
  upsert: true,
  records: [
    { updateKey: { field: "event_id", value: "e0" }, record: { title: { value: "updated" } } },
    { updateKey: { field: "event_id", value: "fresh" }, record: { title: { value: "inserted" } } },
  ],
});
out.upsert = upserted.records.map((r) => [r.id, r.revision, r.operation]);

const page = await client.record.getRecords({
  app,
  query: 'amount >= 998 and title = "" order by $id asc',
  fields: ["event_id", "amount"],
  totalCount: true,
});
out.getRecords = { totalCount: page.totalCount, ids: page.records.map((r) => r.event_id.value) };
const everything = await client.record.getAllRecords({ app, fields: ["event_id"] });
out.getAllRecords = { count: everything.length, last: everything[everything.length - 1].event_id.value };

const tooMany = Array.from({ length: 101 }, (_, i) => ({ event_id: { value: `x${i}` } }));
out.error101 = await capture(() => client.record.addRecords({ app, records: tooMany }));
const badToken = new KintoneRestAPIClient({ baseUrl, auth: { apiToken: "not-a-token" } });
out.errorBadToken = await capture(() => badToken.record.getRecords({ app }));
const viewer = new KintoneRestAPIClient({ baseUrl, auth: { apiToken: await issueToken(app, { view: true }) } });
out.errorNoPermission = await capture(() => viewer.record.addRecord({ app, record: { event_id: { value: "v" } } }));
out.errorInvalid = await capture(() =>
  client.record.addRecords({
    app,
    records: [
      { event_id: { value: "ok-1" } },
      { event_id: { value: "ok-2" }, amount: { value: "abc" } },
      { event_id: { value: "e1" }, title: { value: "x".repeat(21) }, amount: { value: 5000 } },
    ],
  }),
);
const broken = Array.from({ length: 150 }, (_, i) => ({ event_id: { value: i === 120 ? "" : `late${i}` } }));
out.errorAllRecords = await capture(() => client.record.addAllRecords({ app, records: broken }));

console.log(JSON.stringify(out));
