// The JSON API, as the browser uses it: session cookie + CSRF header, one error shape.

const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  constructor(status, payload) {
    const error = (payload && payload.error) || {};
    super(error.message || (status ? `The server answered ${status}.` : "The server could not be reached."));
    this.status = status;
    this.code = error.code || (status ? "http" : "network");
    this.fields = error.fields || {};
    this.current = error.current || null;
  }

  /** Worth retrying later: the network, the server or a rate limit, not the request itself. */
  get isTransient() {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }

  /** The session is gone (signed out, expired): sign in again, nothing else helps. */
  get isSignedOut() {
    return this.status === 401 || this.code === "csrf";
  }
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

/** A random key for Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Send a request; resolve to the response's `data`, or reject with an ApiError. */
export async function call(method, url, { body, key } = {}) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (key) headers["Idempotency-Key"] = key;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url, {
      method, headers, credentials: "same-origin", signal: controller.signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, null);
  } finally {
    clearTimeout(timer);
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload ? payload.data : null;
}
