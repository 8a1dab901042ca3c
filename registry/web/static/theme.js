/* Apply the remembered colour theme before the page paints (loaded blocking in <head>). */
(function () {
  "use strict";
  try {
    var theme = window.localStorage.getItem("mrl-theme");
    if (theme === "dark" || theme === "light") {
      document.documentElement.setAttribute("data-theme", theme);
    }
  } catch (error) {
    /* Storage may be disabled: the system preference applies then. */
  }
})();
