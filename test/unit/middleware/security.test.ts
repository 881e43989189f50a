import { describe, expect, it, vi } from "vitest";
import { Hono } from "hono";
import { apiCors, parseCorsOrigins, securityHeaders, WIDGET_ASSET_PATHS, widgetAssetHeaders } from "../../../src/http/middleware/security.js";

describe("securityHeaders", () => {
  function app(options?: Parameters<typeof securityHeaders>[0]) {
    const a = new Hono();
    a.use(securityHeaders(options));
    a.get("/", (c) => {
      c.header("X-Powered-By", "Hono");
      return c.html("<p>hi</p>");
    });
    return a;
  }

  it("sets the strict CSP and the anti-sniffing / framing / referrer headers", async () => {
    const res = await app().request("/");
    expect(res.headers.get("content-security-policy")).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("also applies to error responses", async () => {
    const a = new Hono();
    a.use(securityHeaders());
    const res = await a.request("/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("lets the CSP and HSTS be overridden", async () => {
    const res = await app({
      contentSecurityPolicy: { defaultSrc: ["'none'"] },
      strictTransportSecurity: false,
    }).request("/");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("apiCors", () => {
  function app(env: { CORS_ORIGINS?: string }) {
    const a = new Hono();
    a.use("/api/*", apiCors(env));
    a.get("/api/health", (c) => c.json({ status: "ok" }));
    a.post("/api/answer", (c) => c.json({ answer: "a" }));
    return a;
  }

  const preflight = (origin: string) => ({
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    },
  });

  function corsHeaders(res: Response) {
    const out: string[] = [];
    res.headers.forEach((_v, k) => {
      if (k.startsWith("access-control-")) out.push(k);
    });
    return out;
  }

  it("sends no CORS headers at all by default", async () => {
    const a = app({});
    const res = await a.request("/api/health", { headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual([]);
    const pre = await a.request("/api/answer", preflight("https://evil.example"));
    expect(corsHeaders(pre)).toEqual([]);
  });

  it("allows exactly the configured origins", async () => {
    const a = app({ CORS_ORIGINS: "https://a.example, https://b.example/" });
    for (const origin of ["https://a.example", "https://b.example"]) {
      const res = await a.request("/api/health", { headers: { origin } });
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      expect(res.headers.get("vary")).toContain("Origin");
    }
    const other = await a.request("/api/health", { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers preflight for an allowed origin", async () => {
    const res = await app({ CORS_ORIGINS: "https://a.example" }).request("/api/answer", preflight("https://a.example"));
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://a.example");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    const denied = await app({ CORS_ORIGINS: "https://a.example" }).request("/api/answer", preflight("https://evil.example"));
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });

  it('allows any origin with "*"', async () => {
    const res = await app({ CORS_ORIGINS: "*" }).request("/api/health", { headers: { origin: "https://x.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("widgetAssetHeaders", () => {
  // As the Node server registers it: outside the security headers, whose CORP it replaces.
  const a = new Hono();
  for (const path of WIDGET_ASSET_PATHS) a.use(path, widgetAssetHeaders());
  a.use(securityHeaders());
  for (const path of ["/embed.js", "/js/widget.js", "/styles.css", "/app.js"]) a.get(path, (c) => c.text("x"));

  it("lets other origins load the widget's script (CORP) and fetch its modules and styles (CORS)", async () => {
    const script = await a.request("/embed.js");
    expect(script.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(script.headers.get("access-control-allow-origin")).toBe("*");
    for (const path of ["/js/widget.js", "/styles.css"]) {
      const res = await a.request(path);
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
      expect(res.headers.get("cross-origin-resource-policy"), path).toBe("same-origin");
    }
  });

  it("leaves the chat's own files and missing files same-origin", async () => {
    const page = await a.request("/app.js");
    expect(page.headers.get("access-control-allow-origin")).toBeNull();
    expect(page.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    const missing = await a.request("/js/missing.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("parseCorsOrigins", () => {
  it("normalises entries and drops invalid ones with a warning", () => {
    const warn = vi.fn();
    expect(parseCorsOrigins("https://a.example/, not a url ,http://b.example:8080/path", warn)).toEqual([
      "https://a.example",
      "http://b.example:8080",
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(parseCorsOrigins("", warn)).toBeUndefined();
    expect(parseCorsOrigins(undefined, warn)).toBeUndefined();
    expect(parseCorsOrigins("https://a.example,*", warn)).toBe("*");
  });
});
