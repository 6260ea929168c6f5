/** A value JSON can carry; the generated documents are built from these only, so they serialise as they are. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema (or any other JSON object: an AsyncAPI document, a part of one). */
export type JsonObject = { [key: string]: JsonValue };
