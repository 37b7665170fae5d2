/**
 * The web console for fleet operators: static ES modules and CSS served next to the REST API, and the aggregate
 * counts the overview needs ({@link io.meterhub.platform.console.FleetOverview}). The console talks to the public
 * API v1 only; controls are rendered by role, and the API still authorises every request.
 */
package io.meterhub.platform.console;
