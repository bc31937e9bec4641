/** A JSON value as the API's JSON scalar carries it. */
export type Json = string | number | boolean | null | Json[] | JsonObject;
export type JsonObject = { [key: string]: Json };
