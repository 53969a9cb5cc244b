// Small enhancements; every form works without them.
// 1. Search-as-you-type over people: an input with data-person-search shows suggestions from
//    GET /people/search?q=…&on=… ; choosing one fills the name and the hidden person id.
// 2. A guest row's extra fields open when "来宾" is ticked.
// 3. A refused form puts the focus on its summary of errors.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  function setUp(input) {
    var box = input.closest(".search");
    var hidden = box.querySelector("[data-person-id]");
    var chosen = box.querySelector(".chosen");
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.id = input.id + "-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    var items = [], active = -1, lastQuery = null;

    function close() {
      list.hidden = true; input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant"); active = -1;
    }
    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, k) {
        li.setAttribute("aria-selected", k === i ? "true" : "false");
      });
      if (i >= 0 && list.children[i]) {
        input.setAttribute("aria-activedescendant", list.children[i].id);
        list.children[i].scrollIntoView({ block: "nearest" });
      }
    }
    function choose(i) {
      var person = items[i];
      if (!person) return;
      input.value = person.name;
      if (hidden) hidden.value = person.id;
      if (chosen) chosen.textContent = "✓ " + (person.title || person.organisation || "已选中");
      var row = input.closest(".row");
      var guest = row && row.querySelector("input[data-guest]");
      if (guest && guest.checked) { guest.checked = false; guest.dispatchEvent(new Event("change")); }
      close();
    }
    function render(people) {
      items = people; list.innerHTML = "";
      people.forEach(function (p, k) {
        var li = document.createElement("li");
        li.id = list.id + "-" + k;
        li.setAttribute("role", "option");
        li.dataset.personId = p.id;
        var name = document.createElement("strong");
        name.textContent = p.name;
        var title = document.createElement("span");
        title.className = "title";
        title.textContent = [p.title, p.organisation].filter(Boolean).join(" · ") || (p.internal ? "" : "外部人员");
        li.appendChild(name); li.appendChild(title);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(k); });
        list.appendChild(li);
      });
      if (!people.length) {
        var none = document.createElement("li");
        none.textContent = "人员库中没有“" + input.value + "”：可勾选“来宾”直接填写";
        none.className = "muted";
        list.appendChild(none);
      }
      list.hidden = false; input.setAttribute("aria-expanded", "true"); highlight(people.length ? 0 : -1);
    }
    var search = debounce(function () {
      var q = input.value.trim();
      if (!q) { close(); return; }
      if (q === lastQuery) return;
      lastQuery = q;
      var on = document.getElementById("start_date");
      var url = "/people/search?q=" + encodeURIComponent(q) + (on && on.value ? "&on=" + on.value : "");
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (people) { if (input.value.trim() === q) render(people); })
        .catch(function () { close(); });
    }, 150);

    input.addEventListener("input", function () {
      if (hidden) hidden.value = "";
      if (chosen) chosen.textContent = "";
      lastQuery = null;
      search();
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter") { if (active >= 0) { e.preventDefault(); choose(active); } }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function guestToggle(box) {
    var row = box.closest(".row");
    var details = row && row.querySelector("details.guest");
    if (!details) return;
    box.addEventListener("change", function () { details.open = box.checked; });
  }

  // 3. A refused form: move the focus to the summary of what to fix.
  var refusal = document.getElementById("form-errors");
  if (refusal) refusal.focus();

  document.querySelectorAll("input[data-person-search]").forEach(setUp);
  document.querySelectorAll("input[data-guest]").forEach(guestToggle);
})();
