// Where a unit is, in words: the address nearest its last position (`addressAt`, i.e.
// `GET /v1/map/address`), for the officer's own position on the field page and for a unit picked
// on the console map. The answer is kept per key (a unit's ID); the server is asked again only
// when the position moved more than 30 m from the point last asked about, at most once per 20 s
// per key (a move within those 20 s is asked about when they are over), and when the language
// changes. A point with nothing named near it (404 `no_address`) has no text; a request that got
// no answer at all keeps the text there was and is tried again later.
import { addressAt, addressText } from './place-search.js';
import { getLang, onLangChange } from './i18n.js';
import { metres } from './geo.js';

export const ADDRESS_MOVE_M = 30;
export const ADDRESS_EVERY_MS = 20000;

const valid = (ll) => !!ll && Number.isFinite(ll.lat) && Number.isFinite(ll.lon);

export class AddressWatch {
  /** @param onChange called with the key whose answer changed */
  constructor({ onChange = () => {}, moveM = ADDRESS_MOVE_M, everyMs = ADDRESS_EVERY_MS } = {}) {
    this.onChange = onChange; this.moveM = moveM; this.everyMs = everyMs;
    this.entries = new Map();   // key → {want, asked, lang, at, answer, busy, timer}
    this.requests = 0;          // how many times the server was asked (the browser tests read it)
    onLangChange(() => { for (const key of this.entries.keys()) this.check(key); });
  }

  /** The latest position of `key` ({lat, lon}); asks the server when the rules allow. */
  update(key, ll) {
    if (key == null || !valid(ll)) return;
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { want: null, asked: null, lang: null, at: 0, answer: null, busy: false, timer: 0 }));
    e.want = { lat: ll.lat, lon: ll.lon };
    this.check(key);
  }

  /** The address found for `key` ({name, kind, location, distanceMetres}), or null. */
  answer(key) { return this.entries.get(key)?.answer || null; }

  /** The address of `key` in words ("河南中路/福州路", "福州路附近"), or null. */
  text(key) {
    const a = this.answer(key);
    return a ? addressText(a) : null;
  }

  /** No more asking about `key` until its next `update` (what was found stays cached). */
  pause(key) {
    const e = this.entries.get(key);
    if (e) { clearTimeout(e.timer); e.timer = 0; e.want = null; }
  }

  forget(key) {
    const e = this.entries.get(key);
    if (e) clearTimeout(e.timer);
    this.entries.delete(key);
  }

  check(key) {
    const e = this.entries.get(key);
    if (!e || e.busy || !e.want) return;
    const lang = getLang();
    const langChanged = e.lang != null && e.lang !== lang;
    const moved = !e.asked || metres(e.asked, e.want) > this.moveM;
    if (!moved && !langChanged) return;
    const wait = e.at + this.everyMs - Date.now();
    // a new language is asked about at once: the text shown is in the other one
    if (wait > 0 && !langChanged) {
      if (!e.timer) e.timer = setTimeout(() => { e.timer = 0; this.check(key); }, wait);
      return;
    }
    this.ask(key, e, lang);
  }

  async ask(key, e, lang) {
    clearTimeout(e.timer); e.timer = 0;
    const at = e.want;
    e.busy = true; e.at = Date.now();
    this.requests++;
    let answer, failed = false;
    try {
      answer = await addressAt(at, { strict: true });
    } catch {
      failed = true;   // no answer (offline, a server error): keep what there was, try again later
    }
    e.busy = false;
    if (this.entries.get(key) !== e) return;   // forgotten meanwhile
    if (failed) {
      if (!e.timer) e.timer = setTimeout(() => { e.timer = 0; this.check(key); }, this.everyMs);
      return;
    }
    const before = e.answer;
    e.asked = at; e.lang = lang;
    e.answer = answer?.name ? answer : null;
    if (before?.name !== e.answer?.name || before?.kind !== e.answer?.kind) this.onChange(key);
    this.check(key);   // it moved on, or the language changed, while the server was asked
  }
}
