// End-to-end check of the typed client against a live Marginal (run by the test suite in CI):
//   MARGINAL_URL=http://127.0.0.1:8000 MARGINAL_API_KEY=... npm run e2e
import assert from "node:assert/strict";

import { createMarginalClient, ingestEvents, type UsageEvent } from "./index.js";

const baseUrl = process.env.MARGINAL_URL;
const apiKey = process.env.MARGINAL_API_KEY;
if (!baseUrl || !apiKey) {
  throw new Error("Set MARGINAL_URL and MARGINAL_API_KEY.");
}
const marginal = createMarginalClient({ baseUrl, apiKey });
let passed = 0;

async function check(name: string, body: () => Promise<void>): Promise<void> {
  await body();
  passed += 1;
  console.log(`ok - ${name}`);
}

await check("create a customer", async () => {
  const { data, response } = await marginal.POST("/v1/customers", {
    body: { external_id: "ts_cus_1", name: "TypeScript customer" },
  });
  assert.equal(response.status, 201);
  assert.equal(data?.external_id, "ts_cus_1");
});

await check("a second create is a 409 problem", async () => {
  const { error, response } = await marginal.POST("/v1/customers", {
    body: { external_id: "ts_cus_1" },
  });
  assert.equal(response.status, 409);
  assert.equal(error?.status, 409);
  assert.equal(response.headers.get("content-type"), "application/problem+json");
});

await check("ingest a batch with a duplicate and a rejected event", async () => {
  const timestamp = new Date(Date.now() - 60_000).toISOString();
  const event = (id: string, inputTokens: number): UsageEvent => ({
    event_id: id,
    customer_id: "ts_cus_1",
    request_class: "chat",
    model: "gpt-4o",
    timestamp,
    input_tokens: inputTokens,
    output_tokens: 20,
  });
  const result = await ingestEvents(marginal, [
    event("ts-1", 100),
    event("ts-2", 200),
    event("ts-1", 100),
    event("ts-3", -1),
  ]);
  assert.deepEqual(
    [result.accepted, result.duplicate, result.rejected, result.conflict],
    [2, 1, 1, 0],
  );
  assert.deepEqual(
    result.results.map((verdict) => [verdict.index, verdict.event_id, verdict.status]),
    [
      [2, "ts-1", "duplicate"],
      [3, "ts-3", "rejected"],
    ],
  );
});

await check("read an event back", async () => {
  const { data, response } = await marginal.GET("/v1/events/{event_id}", {
    params: { path: { event_id: "ts-2" } },
  });
  assert.equal(response.status, 200);
  assert.equal(data?.input_tokens, 200);
  assert.equal(data?.customer_id, "ts_cus_1");
});

await check("list customers with a typed query", async () => {
  const { data } = await marginal.GET("/v1/customers", {
    params: { query: { external_id_prefix: "ts_", limit: 10 } },
  });
  assert.deepEqual(
    data?.results.map((customer) => customer.external_id),
    ["ts_cus_1"],
  );
});

await check("an unknown event is a 404 problem", async () => {
  const { error, response } = await marginal.GET("/v1/events/{event_id}", {
    params: { path: { event_id: "no-such-event" } },
  });
  assert.equal(response.status, 404);
  assert.equal(error?.type, "/problems/not-found");
});

console.log(`${passed} passed, 0 failed`);
