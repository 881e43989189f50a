// Verbatim's embeddable box, for any page:
//   <script src="https://verbatim.example/embed.js" data-article="<id>" defer></script>
// puts an "Ask about this story" box right after the script (the whole archive without
// data-article); or place <verbatim-ask article="<id>"></verbatim-ask> elements where
// the boxes should go and load this script once. See docs/widget.md.
(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !script.src) return;
  // The box's code and the API live where this script came from.
  import(new URL("/js/widget.js", script.src).href).then(
    () => {
      if (document.querySelector("verbatim-ask")) return;
      const box = document.createElement("verbatim-ask");
      const article = script.getAttribute("data-article");
      if (article) box.setAttribute("article", article);
      script.after(box);
    },
    (error) => console.error("Verbatim: the box could not load", error),
  );
})();
