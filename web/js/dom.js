// DOM building blocks shared by the chat page and the widget.
//
// Security rule for every module in web/: text that comes from the user or the server
// is only ever put into the page with createElement / textContent / text nodes. Nothing
// uses innerHTML, insertAdjacentHTML, document.write, inline styles or inline event
// handlers (the chat runs under `script-src 'self'`, the widget under the host's CSP).

/**
 * Tiny element builder. `props` keys: class, text, attrs (object of attribute
 * values), on (object of event listeners). Children: nodes or strings (strings
 * become text nodes, never markup).
 * @param {string} tag
 * @param {{class?: string, text?: string, attrs?: Record<string, string | number | boolean | null | undefined>, on?: Record<string, EventListener>}} [props]
 * @param {...(Node | string | null | undefined | false)} children
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (/^on/i.test(name) || name === "style" || name === "href" || name === "src") {
        throw new Error(`h(): refusing to set attribute ${name}`);
      }
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  if (props.on) for (const [type, fn] of Object.entries(props.on)) el.addEventListener(type, fn);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";
/** @param {string} d one or more path data strings separated by "|" */
export function icon(d, cls = "icon") {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", cls);
  for (const part of d.split("|")) {
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", part);
    svg.append(path);
  }
  return svg;
}
export const ICON_INFO = "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z|M12 11v5|M12 7.5v.5";
export const ICON_ALERT = "M12 4 2.8 19.5h18.4z|M12 10v4.5|M12 17v.3";
export const ICON_CHECK = "M5 12.5l4.5 4.5L19 7.5";

/**
 * Only http(s) links from the data may become hrefs.
 * @param {unknown} value @param {string} [base] what a relative link is relative to
 */
export function safeHttpUrl(value, base = location.origin) {
  if (typeof value !== "string" || !value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** An id unique on the page, for aria-labelledby / aria-describedby pairs. */
export function uniqueId(prefix) {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Announcements through an aria-live region.
 * @param {HTMLElement} region
 */
export function announcer(region) {
  return (text) => {
    region.textContent = "";
    // A fresh text node after a tick makes screen readers announce repeats too.
    window.setTimeout(() => {
      region.textContent = text;
    }, 50);
  };
}
