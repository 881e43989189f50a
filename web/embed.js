// Verbatim's embeddable box, for any page:
//   <script src="https://verbatim.example/embed.js" data-article="<id>" defer></script>
// puts an "Ask about this story" box right after the script (the whole archive without
// data-article, unless the page places its own boxes); or place
// <verbatim-ask article="<id>"></verbatim-ask> elements where the boxes should go and load
// this script once, without data-article. See docs/widget.md.
(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !script.src) return;
  // The box's code and the API live where this script came from.
  import(new URL("/js/widget.js", script.src).href).then(
    () => {
      const article = script.getAttribute("data-article");
      // A script with an article always gets its box; one without adds the archive box
      // only when the page places no boxes of its own.
      if (!article && document.querySelector("verbatim-ask:not([data-placed-by-script])")) return;
      const box = document.createElement("verbatim-ask");
      if (article) box.setAttribute("article", article);
      box.setAttribute("data-placed-by-script", "");
      script.after(box);
    },
    (error) => console.error("Verbatim: the box could not load", error),
  );
})();
