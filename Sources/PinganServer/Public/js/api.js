// The REST API: a fetch wrapper that adds the bearer token and turns problem+json into errors.
const TOKEN = 'pingan.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code;
    this.field = problem?.field;
    this.problem = problem;   // the whole problem+json (e.g. an import's `errors`)
  }
}

export const token = () => sessionStorage.getItem(TOKEN);
export const setToken = (value) => value ? sessionStorage.setItem(TOKEN, value) : sessionStorage.removeItem(TOKEN);

let onUnauthorized = () => {};
export const setUnauthorizedHandler = (f) => { onUnauthorized = f; };

/** `keepSession`: a 401 is the answer to this request (a wrong current password), not the end of
 *  the session. `contentType`: `body` is already text of that type (a CAP document), sent as it is. */
export async function api(method, path, body, { idempotencyKey, quiet404, keepSession, contentType } = {}) {
  const headers = { Accept: 'application/json' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : contentType ? body : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { detail: e.message, code: 'network' });
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    if (res.status === 401 && path !== '/v1/auth/login' && !keepSession) onUnauthorized();
    throw new ApiError(res.status, json);
  }
  return json;
}

/** A reply that is not JSON (a CSV, a PDF, a report's page, a CAP document): the response, or
 *  an ApiError with the problem's detail. */
export async function fetchFile(path, accept = '*/*') {
  const headers = { Accept: accept };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  let res;
  try { res = await fetch(path, { headers }); } catch (e) { throw new ApiError(0, { detail: e.message, code: 'network' }); }
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch { /* not JSON */ }
    throw new ApiError(res.status, problem);
  }
  return res;
}

/** Every page of a paged list (`{items,total,offset,limit}`), up to `max` items. */
export async function allPages(path, { limit = 1000, max = 50000 } = {}) {
  const items = [];
  for (let offset = 0; offset < max;) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${sep}limit=${limit}&offset=${offset}`);
    items.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  return items;
}

export const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`);
