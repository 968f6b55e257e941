// Hirehall's own script: behaviour that templates must not inline (the Content-Security-Policy
// allows scripts from our static files only, never inline <script> or on*= attributes).
// Everything here is progressive: without it pages still work (the menu stays open, forms post).
document.documentElement.classList.add("js");

function closest(event, selector) {
  return event.target instanceof Element ? event.target.closest(selector) : null;
}

document.addEventListener("click", (event) => {
  // "Go back" links.
  const back = closest(event, "[data-history-back]");
  if (back && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
    return;
  }

  // The header's menu button on narrow screens.
  const toggle = closest(event, "[data-nav-toggle]");
  if (toggle) {
    const panel = document.getElementById(toggle.getAttribute("aria-controls"));
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    if (panel) panel.classList.toggle("is-open", open);
    return;
  }

  // Confirmation dialogs: a trigger names its <dialog>; Cancel closes it.
  const opener = closest(event, "[data-open-dialog]");
  if (opener) {
    const dialog = document.getElementById(opener.getAttribute("data-open-dialog"));
    if (dialog && typeof dialog.showModal === "function") {
      event.preventDefault();
      dialog.showModal();
    }
    return;
  }
  const closer = closest(event, "[data-close-dialog]");
  if (closer) {
    const dialog = closer.closest("dialog");
    if (dialog) dialog.close();
    return;
  }

  // Toasts can be dismissed.
  const dismiss = closest(event, "[data-dismiss]");
  if (dismiss) {
    const toast = dismiss.closest(".message");
    if (toast) toast.remove();
    return;
  }

  // A click outside an open header menu closes it.
  document.querySelectorAll("details.nav-menu[open]").forEach((menu) => {
    if (!(event.target instanceof Node) || !menu.contains(event.target)) menu.removeAttribute("open");
  });
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.nav-menu[open]").forEach((menu) => {
    menu.removeAttribute("open");
    const summary = menu.querySelector("summary");
    if (summary) summary.focus();
  });
});

// Only one header menu open at a time.
document.addEventListener(
  "toggle",
  (event) => {
    const menu = event.target;
    if (!(menu instanceof HTMLDetailsElement) || !menu.classList.contains("nav-menu") || !menu.open) return;
    document.querySelectorAll("details.nav-menu[open]").forEach((other) => {
      if (other !== menu) other.removeAttribute("open");
    });
  },
  true,
);

// Filter panels start collapsed on phones (they are open in the HTML so they work without JS).
if (window.matchMedia("(max-width: 800px)").matches) {
  document.querySelectorAll("details[data-filters]").forEach((panel) => panel.removeAttribute("open"));
}

// A table wider than a phone scrolls inside itself: make it reachable by keyboard (axe:
// scrollable-region-focusable) so it can be scrolled without a mouse.
document.querySelectorAll(".table, .table-wrap").forEach((box) => {
  if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
});
