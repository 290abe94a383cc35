/* Accessibility repairs for markup that Django's admin scripts build in the browser
   (loaded by templates/admin/base_site.html), so they cannot be fixed in a template:

   - SelectFilter2 (filter_horizontal) puts aria-label on a bare <span> help icon, where
     ARIA does not allow it; role="img" makes the label valid and announced.
   - Select2 4.0 (autocomplete_fields) builds a combobox named only by its current value,
     so an empty one has no name; it is named by the <label> of the <select> it replaces.
     Its value display carries role="textbox" without a name; Select2 4.1 dropped that
     role, and so do we.

   Inline rows added later get the same treatment through a MutationObserver. */
(function () {
  "use strict";

  function labelTooltips(root) {
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (el) {
      if (el.tagName === "SPAN") {
        el.setAttribute("role", "img");
      }
    });
  }

  function nameComboboxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var combobox = container && container.querySelector(".select2-selection[role=combobox]");
      var label = select.labels && select.labels[0];
      if (!combobox || !label) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "_label";
      }
      var rendered = combobox.querySelector(".select2-selection__rendered");
      var ids = [label.id];
      if (rendered) {
        rendered.removeAttribute("role");
        rendered.removeAttribute("aria-readonly");
        if (rendered.id) {
          ids.push(rendered.id);
        }
      }
      combobox.setAttribute("aria-labelledby", ids.join(" "));
      var search = container.querySelector(".select2-search__field");
      if (search && !search.hasAttribute("aria-label") && !search.hasAttribute("aria-labelledby")) {
        search.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  function repair() {
    labelTooltips(document);
    nameComboboxes(document);
  }

  var scheduled = false;
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        repair();
      });
    }
  }

  function start() {
    repair();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.addEventListener("load", repair);
})();
