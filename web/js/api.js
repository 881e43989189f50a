// The Verbatim HTTP API as the browser sees it: one client per API origin ("" for the
// page's own origin, the Verbatim origin for the widget on a publisher's page).

/** No request waits longer than this: a refused or stalled cross-origin call must end in a message. */
const REQUEST_TIMEOUT_MS = 30_000;

export class ApiError extends Error {
  /** @param {string} message @param {string} code @param {number} status */
  constructor(message, code, status) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

/**
 * The caller's signal, ending also after REQUEST_TIMEOUT_MS where the browser can combine
 * signals (older browsers keep just the caller's).
 * @param {AbortSignal | undefined} signal
 */
function withTimeout(signal) {
  if (typeof AbortSignal.timeout !== "function") return signal;
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  if (!signal) return timeout;
  return typeof AbortSignal.any === "function" ? AbortSignal.any([signal, timeout]) : signal;
}

const UNREACHABLE = "Couldn’t reach the Verbatim server. Check your connection and try again.";

/**
 * @param {string} base the API origin, "" for this page's own
 * @param {{unreachable?: string}} [messages] what to say when the server cannot be reached
 */
export function createClient(base = "", messages = {}) {
  /** @type {Promise<Map<string, any>> | null} */
  let articlesPromise = null;
  /** @type {Map<string, Promise<any>>} */
  const articleCache = new Map();

  /**
   * @param {string} path
   * @param {{method?: string, body?: unknown, signal?: AbortSignal}} [options]
   */
  async function api(path, { method = "GET", body, signal } = {}) {
    /** @type {Response} */
    let res;
    try {
      res = await fetch(base + path, {
        method,
        signal: withTimeout(signal),
        headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      if (signal && signal.aborted) throw err;
      // A refused CORS request, a network failure and a timeout look alike from here.
      throw new ApiError(messages.unreachable || UNREACHABLE, "network", 0);
    }
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (!res.ok) {
      const serverMessage = data && data.error && typeof data.error.message === "string" ? data.error.message : "";
      const code = data && data.error && typeof data.error.code === "string" ? data.error.code : `http_${res.status}`;
      let message = serverMessage || `The server answered with status ${res.status}.`;
      if (res.status === 429) message = "Too many questions in a short time. Wait a moment, then try again.";
      else if (res.status >= 500) message = "Something went wrong on the server. Please try again.";
      throw new ApiError(message, code, res.status);
    }
    if (data === null) throw new ApiError("The server sent a response that couldn’t be read.", "bad_response", res.status);
    return data;
  }

  /** Article summaries by id. */
  function loadArticles() {
    if (!articlesPromise) {
      articlesPromise = api("/api/articles")
        .then((list) => new Map((Array.isArray(list) ? list : []).map((a) => [a.id, a])))
        .catch((err) => {
          articlesPromise = null; // let a later call retry
          throw err;
        });
    }
    return articlesPromise;
  }

  /** @param {string} id */
  function loadArticle(id) {
    let p = articleCache.get(id);
    if (!p) {
      p = api(`/api/articles/${encodeURIComponent(id)}`);
      p.catch(() => articleCache.delete(id));
      articleCache.set(id, p);
    }
    return p;
  }

  return {
    base,
    api,
    loadArticles,
    /** Article summaries by id; never rejects (an empty map when unavailable). */
    articleSummaries: () => loadArticles().catch(() => new Map()),
    loadArticle,
    /** @param {string} id */
    citation: (id) => api(`/api/citations/${encodeURIComponent(id)}`),
    /** @param {Record<string, unknown>} body @param {AbortSignal} [signal] */
    answer: (body, signal) => api("/api/answer", { method: "POST", body, signal }),
    suggestions: () => api("/api/suggestions"),
    /** @param {string} answerId @param {boolean} helpful */
    feedback: (answerId, helpful) => api("/api/feedback", { method: "POST", body: { answerId, helpful } }),
  };
}

/** @typedef {ReturnType<typeof createClient>} Client */
