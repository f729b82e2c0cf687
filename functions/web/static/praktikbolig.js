/*
 * Small enhancements; every page works without them. DKFDS's components,
 * a question before a form that cannot be undone, the live countdown of an
 * offer, a field's error shown as it loses focus, and the error summary
 * taking focus so a screen reader reads it first.
 */
(() => {
  const lang = document.documentElement.lang === "en" ? "en" : "da";
  const words = {
    da: { left: (h, m) => `${h} t. ${m} min. tilbage`, over: "Tilbuddet er udløbet", required: "Udfyld feltet" },
    en: { left: (h, m) => `${h} h ${m} min left`, over: "The offer has expired", required: "Fill in this field" },
  }[lang];

  function confirmBeforeSending() {
    for (const form of document.querySelectorAll("form[data-confirm]")) {
      form.addEventListener("submit", (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    }
  }

  function countdowns() {
    const clocks = [...document.querySelectorAll("[data-countdown]")];
    if (clocks.length === 0) return;
    const tick = () => {
      for (const clock of clocks) {
        const left = Date.parse(clock.dataset.countdown) - Date.now();
        if (left <= 0) {
          clock.textContent = words.over;
          continue;
        }
        const minutes = Math.floor(left / 60000);
        clock.textContent = words.left(Math.floor(minutes / 60), minutes % 60);
      }
    };
    tick();
    setInterval(tick, 30000);
  }

  function requiredOnBlur() {
    for (const input of document.querySelectorAll("input[data-required], textarea[data-required]")) {
      input.addEventListener("blur", () => {
        const group = input.closest(".form-group");
        if (!group || input.value.trim() !== "" || group.querySelector(".form-error-message")) return;
        const message = document.createElement("span");
        message.className = "form-error-message";
        message.id = `${input.id}-error`;
        message.textContent = words.required;
        group.classList.add("form-error");
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") ?? ""} ${message.id}`.trim());
        input.before(message);
      });
      input.addEventListener("input", () => {
        const group = input.closest(".form-group");
        const message = document.getElementById(`${input.id}-error`);
        if (!group || !message || input.value.trim() === "") return;
        message.remove();
        group.classList.remove("form-error");
        input.removeAttribute("aria-invalid");
      });
    }
  }

  function focusErrorSummary() {
    const summary = document.querySelector("[data-module='error-summary']");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (window.DKFDS) window.DKFDS.init();
    confirmBeforeSending();
    countdowns();
    requiredOnBlur();
    focusErrorSummary();
  });
})();
