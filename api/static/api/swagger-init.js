"use strict";
// Starts Swagger UI on /api/docs/ from a static file, as the Content-Security-Policy allows
// (script-src 'self', no inline script). The schema's address comes from a data attribute.
(function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle === "undefined") {
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    displayOperationId: false,
    defaultModelsExpandDepth: 0,
    // The online validator badge would load an image from another site.
    validatorUrl: null,
  });
  // Swagger UI renders its operations in a <main>, inside the page's own <main>: one main
  // landmark per page, so that one becomes a named region.
  const demote = () => {
    root.querySelectorAll("main:not([role])").forEach((element) => {
      element.setAttribute("role", "region");
      element.setAttribute("aria-label", "Endpoints");
    });
  };
  new MutationObserver(demote).observe(root, { childList: true, subtree: true });
  demote();
})();
