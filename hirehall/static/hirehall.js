// Hirehall's own script: behaviour that templates must not inline (the Content-Security-Policy
// allows scripts from our static files only, never inline <script> or on*= attributes).
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("[data-history-back]") : null;
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
