// Starts Swagger UI on the docs page. A file of its own, not an inline script,
// so the page's CSP allows scripts from the app's own origin only.
(() => {
  // Swagger UI leaves its title and authorisation outside any landmark and jumps
  // from its h1 to h3 tag headings; these wrappers add a banner, named regions
  // and an h2 around its own components, so React keeps rendering them as usual.
  const accessibleLandmarks = (system) => {
    const h = system.React.createElement;
    const within = (tag, attributes) => (Original) => (props) => h(tag, attributes, h(Original, props));
    return {
      wrapComponents: {
        InfoContainer: within("div", { role: "banner" }),
        ServersContainer: within("section", { "aria-label": "Servers" }),
        AuthorizeBtnContainer: within("section", { "aria-label": "Authorisation" }),
        operations: (Original) => (props) =>
          h("div", null, h("h2", { className: "visually-hidden" }, "Operations"), h(Original, props)),
        Models: within("section", { "aria-label": "Schemas" }),
      },
    };
  };

  // Names and focus that some of Swagger UI's controls lack, added as they render.
  const fillAccessibilityGaps = (root) => {
    for (const field of root.querySelectorAll("tr[data-param-name] :is(select, input, textarea):not([aria-label])")) {
      field.setAttribute("aria-label", field.closest("tr").dataset.paramName);
    }
    for (const field of root.querySelectorAll(".servers select:not([aria-label])")) {
      field.setAttribute("aria-label", "Server");
    }
    for (const field of root.querySelectorAll(".body-param textarea:not([aria-label])")) {
      field.setAttribute("aria-label", "Request body");
    }
    for (const button of root.querySelectorAll(".close-modal:not([aria-label])")) {
      button.setAttribute("aria-label", "Close");
    }
    // A label that differs from the visible text ("Apply credentials" on "Authorize").
    for (const button of root.querySelectorAll(".auth-btn-wrapper button[aria-label]")) {
      button.removeAttribute("aria-label");
    }
    // The dialog's headings follow the page's h1.
    for (const heading of root.querySelectorAll(".modal-ux h3:not([aria-level])")) {
      heading.setAttribute("aria-level", "2");
    }
    for (const heading of root.querySelectorAll(".modal-ux h4:not([aria-level])")) {
      heading.setAttribute("aria-level", "3");
    }
    // Each operation's responses table is a region; same-named regions cannot be told apart.
    for (const table of root.querySelectorAll("table.responses-table[role=region]:not([aria-label])")) {
      const operation = table.closest(".opblock");
      const method = operation?.querySelector(".opblock-summary-method")?.textContent ?? "";
      const path = operation?.querySelector(".opblock-summary-path")?.dataset.path ?? "";
      table.setAttribute("aria-label", `Responses of ${method} ${path}`.trim());
    }
    // Code samples scroll sideways: keyboard users must be able to reach them.
    for (const code of root.querySelectorAll(".highlight-code > pre:not([tabindex])")) {
      code.setAttribute("tabindex", "0");
    }
  };

  const root = document.getElementById("swagger-ui");
  new MutationObserver(() => fillAccessibilityGaps(root)).observe(root, { childList: true, subtree: true });
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    plugins: [accessibleLandmarks],
    // Deep links put a link inside each operation's toggle button (nested controls).
    deepLinking: false,
    // The default sends the document to validator.swagger.io.
    validatorUrl: null,
    // The light theme whose colours all reach 4.5:1 on its background.
    syntaxHighlight: { theme: "idea" },
  });
})();
