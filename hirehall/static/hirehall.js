// Hirehall's own script: behaviour that templates must not inline (the Content-Security-Policy
// allows scripts from our static files only, never inline <script> or on*= attributes).
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("[data-history-back]") : null;
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
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
