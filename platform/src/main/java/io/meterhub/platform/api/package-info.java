/**
 * REST API v1 (docs/api-v1.md): parse, authorise, call a service off the event loop, render.
 *
 * <p>Decisions beyond the contract, also stated in the served OpenAPI document:
 *
 * <ul>
 *   <li>Request bodies are parsed strictly: unknown top-level and nested fields, wrong JSON types and explicit
 *       {@code null} are each a 400 field error, so a typo such as {@code "regoin"} never passes silently. Nothing
 *       is trimmed or coerced. Query parameters may not repeat.
 *   <li>Role matrix: admin everything (users too); operator meters read/write and readings; auditor meters and
 *       readings read, audit log; support meters read; payments none of these routes yet.
 *   <li>Every error is a problem document, including unmatched routes (404), wrong methods (405), body limit (413),
 *       content type (415), throttled logins (429 with Retry-After) and unexpected failures (500, generic detail).
 *   <li>Responses carry {@code X-Content-Type-Options: nosniff} and {@code Cache-Control: no-store}.
 * </ul>
 */
package io.meterhub.platform.api;
