// The live feed: a WebSocket on /v1/live that resumes after the last sequence seen, reconnects
// with exponential backoff and jitter, and reports when it is offline.
export class LiveFeed {
  constructor({ token, after, onFrame, onState }) {
    this.token = token; this.after = after; this.onFrame = onFrame; this.onState = onState;
    this.attempt = 0; this.stopped = false; this.connected = false;
    this.connect();
  }
  url() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${proto}//${location.host}/v1/live?token=${encodeURIComponent(this.token)}&after=${this.after}`;
  }
  connect() {
    if (this.stopped) return;
    let ws;
    try { ws = new WebSocket(this.url()); } catch { return this.retry(); }
    this.ws = ws;
    ws.onopen = () => { this.connected = true; this.attempt = 0; this.onState(true, 0); };
    ws.onmessage = (m) => {
      let frame;
      try { frame = JSON.parse(m.data); } catch { return; }
      if (typeof frame.seq === 'number' && frame.seq <= this.after) return;   // already applied
      if (typeof frame.seq === 'number') this.after = frame.seq;
      this.onFrame(frame);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.connected = false;
      this.retry();
    };
    ws.onerror = () => { /* onclose follows */ };
  }
  retry() {
    if (this.stopped) return;
    this.attempt++;
    this.onState(false, this.attempt);
    const base = Math.min(30000, 500 * 2 ** Math.min(this.attempt, 6));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), base / 2 + Math.random() * base / 2);
  }
  /** Drops the socket (for tests and sign-out); `reconnect` keeps the resume point. */
  drop() { try { this.ws?.close(); } catch { /* closed */ } }
  stop() { this.stopped = true; clearTimeout(this.timer); const ws = this.ws; this.ws = null; try { ws?.close(); } catch { /* closed */ } }
}
