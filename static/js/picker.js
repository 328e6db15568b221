// Search boxes for units and regions (units/pickers.py): <input data-picker="/units/suggest/">
// offers up to 20 choices of the person's scope as they type ({label, name, detail} from the
// address); choosing one puts its label in the box (a unit's name and credit code, a region's
// full path), which the server resolves. Without this script the box still takes a name, a code
// or an id. data-picker-none is what an empty answer says.
(function () {
  var made = 0;

  function setUp(input) {
    if (input.dataset.pickerReady) return;
    input.dataset.pickerReady = "1";
    var id = (input.id || "picker-" + ++made) + "-suggestions";
    var wrap = document.createElement("div");
    wrap.className = "app-picker";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "dropdown-menu app-picker-list";
    list.setAttribute("role", "listbox");
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", id);
    input.setAttribute("aria-expanded", "false");
    var timer = null;
    var asked = 0;
    var active = -1;

    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.classList.remove("show");
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var items = options();
      items.forEach(function (item, i) {
        item.classList.toggle("active", i === index);
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }
    function choose(item) {
      input.value = item.dataset.value;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function line(text, className) {
      var el = document.createElement("div");
      el.textContent = text;
      if (className) el.className = className;
      return el;
    }
    function show(results) {
      list.replaceChildren();
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "dropdown-item-text small text-muted";
        none.textContent = input.dataset.pickerNone || "没有匹配的结果";
        list.appendChild(none);
      }
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = id + "-" + i;
        item.className = "dropdown-item";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.value = result.label;
        item.appendChild(line(result.name, "text-wrap"));
        if (result.detail) item.appendChild(line(result.detail, "small text-muted"));
        list.appendChild(item);
      });
      list.classList.add("show");
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }
    function ask() {
      var text = input.value.trim();
      if (!text) { close(); return; }
      var mine = ++asked;
      var url = input.dataset.picker;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === asked) show(data.results); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    input.addEventListener("keydown", function (e) {
      var items = options();
      if (!list.classList.contains("show")) return;
      if (e.key === "Escape") { close(); return; }
      if (!items.length) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
    });
    // Pressing on a suggestion must not blur the box (which closes the list) before the click.
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      var item = e.target.closest("[role=option]");
      if (item) choose(item);
    });
    input.addEventListener("blur", close);
  }

  function setUpAll(root) { root.querySelectorAll("[data-picker]").forEach(setUp); }
  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { setUpAll(e.target); });
})();
