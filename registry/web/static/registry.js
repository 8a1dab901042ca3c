/* Model Registry Lite: theme toggle, keyboard shortcuts, CSRF header for htmx requests. */
(function () {
  "use strict";

  var THEME_KEY = "mrl-theme";
  var root = document.documentElement;
  var darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") {
      return chosen;
    }
    return darkQuery.matches ? "dark" : "light";
  }

  function labelToggle(toggle) {
    var other = currentTheme() === "dark" ? "light" : "dark";
    toggle.textContent = other + " theme";
    toggle.setAttribute("aria-label", "Switch to the " + other + " theme");
  }

  function setUpThemeToggle() {
    var toggle = document.getElementById("theme-toggle");
    if (!toggle) {
      return;
    }
    toggle.hidden = false;
    labelToggle(toggle);
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        window.localStorage.setItem(THEME_KEY, next);
      } catch (error) {
        /* Not remembered when storage is disabled; the switch still applies to this page. */
      }
      labelToggle(toggle);
    });
    darkQuery.addEventListener("change", function () {
      labelToggle(toggle);
    });
  }

  function isTyping(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function setUpShortcuts() {
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      if (isTyping(event.target)) {
        return;
      }
      if (event.key === "/") {
        var search = document.getElementById("search");
        event.preventDefault();
        if (search) {
          search.focus();
          search.select();
        } else {
          window.location.assign(document.querySelector('[data-shortcut="/"]').href + "#search");
        }
      } else if (event.key === "n") {
        var register = document.querySelector('[data-shortcut="n"]');
        if (register) {
          event.preventDefault();
          window.location.assign(register.href);
        }
      }
    });
    if (window.location.hash === "#search") {
      var field = document.getElementById("search");
      if (field) {
        field.focus();
      }
    }
  }

  function setUpHtmx() {
    var token = document.querySelector('meta[name="csrf-token"]');
    document.body.addEventListener("htmx:configRequest", function (event) {
      if (token && event.detail.verb !== "get") {
        event.detail.headers["X-CSRFToken"] = token.getAttribute("content");
      }
    });
    document.body.addEventListener("htmx:afterSettle", function (event) {
      // A form redrawn with errors: put the keyboard on the first field to fix.
      var invalid = event.detail.elt.querySelector('[aria-invalid="true"]');
      if (invalid) {
        invalid.focus();
      }
    });
    document.body.addEventListener("htmx:responseError", function (event) {
      var flash = document.getElementById("flash");
      if (flash) {
        var line = document.createElement("p");
        line.className = "flash flash--error";
        line.textContent = "! The server answered " + event.detail.xhr.status + ": reload the page and try again.";
        flash.replaceChildren(line);
      }
    });
    document.body.addEventListener("htmx:sendError", function () {
      var flash = document.getElementById("flash");
      if (flash) {
        var line = document.createElement("p");
        line.className = "flash flash--error";
        line.textContent = "! The server could not be reached.";
        flash.replaceChildren(line);
      }
    });
  }

  setUpThemeToggle();
  setUpShortcuts();
  setUpHtmx();
})();
