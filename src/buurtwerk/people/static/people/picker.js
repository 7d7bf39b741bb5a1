// The resident picker as an ARIA 1.2 combobox: htmx fetches the suggestions into the listbox,
// this script moves through them with the arrow keys and turns a choice into a ticked box.
// Without it the picker still works: its "Zoeken" button posts the form.
(function () {
  "use strict";

  function enhance(picker) {
    if (picker.dataset.enhanced) return;
    picker.dataset.enhanced = "1";
    var input = picker.querySelector("[role=combobox]");
    var listbox = picker.querySelector("[role=listbox]");
    var chosen = picker.querySelector("[data-picker-chosen]");
    var status = picker.querySelector("[data-picker-status]");
    var button = picker.querySelector("[data-picker-button]");
    // Gone, not hidden: Enter in another field of the form must save, not search.
    if (button) button.remove();
    var active = -1;

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]"));
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function choose(option) {
      var value = option.dataset.value;
      var label = option.textContent;
      var type = picker.dataset.inputType;
      var id = picker.dataset.id + "_" + value;
      var existing = document.getElementById(id);
      if (type === "radio") {
        Array.prototype.forEach.call(chosen.querySelectorAll("li"), function (item) {
          var box = item.querySelector("input");
          if (box && box.value) item.remove();
        });
        existing = null;
      }
      if (existing) {
        existing.checked = true;
      } else {
        var item = document.createElement("li");
        var box = document.createElement("input");
        box.type = type;
        box.name = picker.dataset.name;
        box.value = value;
        box.id = id;
        box.checked = true;
        var text = document.createElement("label");
        text.htmlFor = id;
        text.textContent = label;
        item.append(box, " ", text);
        chosen.append(item);
      }
      input.value = "";
      close();
      status.textContent = picker.dataset.chosen + " " + label;
    }

    // htmx announces the swap on the search box that asked, and it bubbles up to here.
    picker.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== listbox) return;
      var count = options().length;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      listbox.hidden = count === 0;
      input.setAttribute("aria-expanded", count ? "true" : "false");
      if (!input.value.trim()) {
        status.textContent = "";
      } else if (count === 0) {
        status.textContent = picker.dataset.foundNone;
      } else if (count === 1) {
        status.textContent = picker.dataset.foundOne;
      } else {
        status.textContent = count + " " + picker.dataset.foundMany;
      }
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options().length) return;
        event.preventDefault();
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        // Enter in the search box chooses; it never sends the whole form half filled in.
        event.preventDefault();
        var all = options();
        if (active >= 0 && all[active]) choose(all[active]);
        else if (all.length === 1) choose(all[0]);
      } else if (event.key === "Escape") {
        close();
      }
    });

    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the search box
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) choose(option);
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-picker]"), enhance);
  }

  // Without htmx nothing would fetch suggestions: the picker then keeps its search button.
  if (window.htmx) window.htmx.onLoad(enhanceAll);
})();
