// Shared behaviour; page-specific scripts live beside their pages.
document.addEventListener("htmx:responseError", function (evt) {
  // Server validation errors come back as 422 with the form re-rendered; let htmx swap them in.
  if (evt.detail.xhr.status === 422) { return; }
  var box = document.getElementById("messages") || document.querySelector("main");
  var div = document.createElement("div");
  div.className = "alert alert-danger";
  div.setAttribute("role", "alert");
  div.textContent = evt.detail.xhr.status === 403
    ? "Bạn không có quyền thực hiện thao tác này."
    : "Không lưu được thay đổi (lỗi " + evt.detail.xhr.status + "). Vui lòng thử lại.";
  box.prepend(div);
});
document.addEventListener("htmx:beforeSwap", function (evt) {
  if (evt.detail.xhr.status === 422) { evt.detail.shouldSwap = true; evt.detail.isError = false; }
});
// The Content-Security-Policy forbids inline handlers (onchange=, onclick=): pages mark elements instead.
// <select data-autosubmit> submits its form when changed; <button data-print> prints the page;
// <form data-confirm="…"> asks before it is sent.
document.addEventListener("change", function (evt) {
  var el = evt.target;
  if (el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit(); }
});
document.addEventListener("click", function (evt) {
  var el = evt.target.closest ? evt.target.closest("[data-print]") : null;
  if (el) { window.print(); }
});
document.addEventListener("submit", function (evt) {
  var form = evt.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { evt.preventDefault(); }
});
