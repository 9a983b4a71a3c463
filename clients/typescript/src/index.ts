// The typed Marginal client for Node backends. Written by hand; src/schema.ts is generated from
// docs/openapi.yaml by openapi-typescript (`make client`) and never edited.
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
export type ProblemDetail = Schemas["ProblemDetail"];
export type UsageEvent = Schemas["UsageEventInputRequest"];
export type IngestResult = Schemas["EventIngestOutput"];

export interface MarginalOptions {
  /** Where Marginal listens, e.g. https://marginal.example.com (no trailing /v1). */
  baseUrl: string;
  /** An API key of your tenant; sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** A fetch implementation (default: the global one of Node 20+). */
  fetch?: typeof globalThis.fetch;
}

export type MarginalClient = Client<paths>;

/** Create a client whose every path, parameter, body and answer is typed from the schema. */
export function createMarginalClient(options: MarginalOptions): MarginalClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${options.apiKey}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** Post events (one call, up to 10,000 per batch); retry the same ids freely: each counts once. */
export async function ingestEvents(
  client: MarginalClient,
  events: UsageEvent[],
): Promise<IngestResult> {
  const { data, error, response } = await client.POST("/v1/events", { body: { events } });
  if (error !== undefined || data === undefined) {
    throw new Error(`ingest failed with ${response.status}: ${JSON.stringify(error)}`);
  }
  return data;
}
