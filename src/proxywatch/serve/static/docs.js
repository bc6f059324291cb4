// The API docs page: Swagger UI from the vendored swagger-ui-dist, reading this server's schema.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // No validator badge: it would call a remote service.
    validatorUrl: null,
  });
});
