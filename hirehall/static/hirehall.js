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

// ---- web2 (issue 12 part B): pickers and fields shown for a choice --------------------------------
// Skill pickers (hirehall/profiles/widgets.py): a suggestion clicked (or Enter on the search box) becomes
// a chip holding a hidden input named like the field; a chip's × removes it. A `change` event bubbles
// from the picker so filter forms that refresh on change do so.
(() => {
  const pickerOf = (el) => el.closest("[data-picker]");

  function changed(picker) {
    picker.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function choose(picker, value, label) {
    const chosen = picker.querySelector(".picker-chosen");
    const search = picker.querySelector("input[type=search]");
    const inputs = Array.from(chosen.querySelectorAll("input[type=hidden]"));
    const limit = parseInt(picker.dataset.limit || "15", 10);
    if (!inputs.some((i) => i.value === value) && inputs.length < limit) {
      const chip = document.createElement("li");
      chip.className = "chip";
      chip.append(document.createTextNode(label));
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = picker.dataset.name;
      input.value = value;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link-button picker-remove";
      remove.dataset.pickerRemove = "";
      remove.setAttribute("aria-label", `Remove ${label}`);
      remove.textContent = "×";
      chip.append(input, document.createTextNode(" "), remove);
      chosen.append(chip);
    }
    search.value = "";
    picker.querySelector(".picker-options").replaceChildren();
    search.setAttribute("aria-expanded", "false");
    search.focus();
    changed(picker);
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const option = target.closest(".picker-option");
    if (option && pickerOf(option)) {
      event.preventDefault();
      choose(pickerOf(option), option.dataset.value, option.dataset.label);
      return;
    }
    const remove = target.closest("[data-picker-remove]");
    if (remove && pickerOf(remove)) {
      event.preventDefault();
      const picker = pickerOf(remove);
      remove.closest("li").remove();
      picker.querySelector("input[type=search]").focus();
      changed(picker);
    }
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || !target.matches("[data-picker] input[type=search]")) return;
    const picker = pickerOf(target);
    const options = Array.from(picker.querySelectorAll(".picker-option"));
    if (event.key === "Enter") {
      // Enter picks the first suggestion instead of submitting the form half-filled.
      if (options.length) {
        event.preventDefault();
        choose(picker, options[0].dataset.value, options[0].dataset.label);
      } else if (target.value.trim()) {
        event.preventDefault();
      }
    } else if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      options[0].focus();
    }
  });

  // Arrow keys move between suggestions; Escape goes back to the box.
  document.addEventListener("keydown", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || !target.matches(".picker-option")) return;
    const options = Array.from(pickerOf(target).querySelectorAll(".picker-option"));
    const at = options.indexOf(target);
    if (event.key === "ArrowDown" && at < options.length - 1) {
      event.preventDefault();
      options[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? options[at - 1] : pickerOf(target).querySelector("input[type=search]")).focus();
    } else if (event.key === "Escape") {
      pickerOf(target).querySelector("input[type=search]").focus();
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const list = event.target instanceof Element ? event.target : null;
    if (list && list.matches(".picker-options")) {
      const search = pickerOf(list).querySelector("input[type=search]");
      search.setAttribute("aria-expanded", list.children.length ? "true" : "false");
    }
  });

  // Fields shown only for one choice: <div data-show-when="budget_type=hourly"> is hidden (and its
  // inputs disabled, so they are not sent) unless the form's `budget_type` is "hourly".
  function applyShowWhen(root) {
    root.querySelectorAll("[data-show-when]").forEach((block) => {
      const form = block.closest("form");
      if (!form) return;
      const [name, wanted] = block.dataset.showWhen.split("=");
      const controls = Array.from(form.elements).filter((el) => el.name === name);
      const current = controls
        .filter((el) => (el.type === "radio" || el.type === "checkbox" ? el.checked : true))
        .map((el) => el.value);
      const show = current.includes(wanted);
      block.hidden = !show;
      block.querySelectorAll("input, select, textarea, button").forEach((el) => {
        el.disabled = !show;
      });
    });
  }

  document.addEventListener("change", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form") : null;
    if (form) applyShowWhen(form);
  });
  document.addEventListener("DOMContentLoaded", () => applyShowWhen(document));
  document.addEventListener("htmx:load", (event) => {
    if (event.target instanceof Element) applyShowWhen(event.target);
  });
})();
// A table wider than a phone scrolls inside itself: make it reachable by keyboard (axe:
// scrollable-region-focusable) so it can be scrolled without a mouse.
document.querySelectorAll(".table, .table-wrap").forEach((box) => {
  if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
});

// A 4xx that carries the form with its message (e.g. 429 message_rate_limited, 422
// offplatform_warning) says so with X-Hirehall-Swap: swap it like a success.
document.addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (xhr && xhr.getResponseHeader("X-Hirehall-Swap") === "1") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A room's thread: a message that a poll and a send both brought appears once; keep the newest in view.
document.addEventListener("htmx:afterSwap", (event) => {
  const thread = document.getElementById("thread");
  if (!thread || event.detail.target !== thread) return;
  const seen = new Set();
  thread.querySelectorAll("li[data-id]").forEach((item) => {
    if (seen.has(item.dataset.id)) item.remove();
    else seen.add(item.dataset.id);
  });
  thread.scrollTop = thread.scrollHeight;
});

// On load, a room shows its newest message.
document.addEventListener("DOMContentLoaded", () => {
  const thread = document.getElementById("thread");
  if (thread) thread.scrollTop = thread.scrollHeight;
  tickCountdowns();
  setInterval(tickCountdowns, 30000);
});

// Deadlines with countdowns (dispute cases): <span class="countdown" data-deadline="ISO">.
function tickCountdowns() {
  document.querySelectorAll("[data-deadline]").forEach((el) => {
    const left = Date.parse(el.dataset.deadline) - Date.now();
    if (Number.isNaN(left)) return;
    if (left <= 0) {
      el.textContent = "deadline passed";
      return;
    }
    const minutes = Math.floor(left / 60000);
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    el.textContent = days > 0 ? `${days} d ${hours} h left` : `${hours} h ${minutes % 60} min left`;
  });
}

// The footer's language switcher submits on change; its button stays for browsers without script.
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  const button = select.form ? select.form.querySelector("button[type=submit]") : null;
  if (button) button.hidden = true;
  select.addEventListener("change", () => select.form && select.form.requestSubmit());
});
