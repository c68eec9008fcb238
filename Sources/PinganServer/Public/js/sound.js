// A short three-tone WebAudio beep for new P1 incidents; muting is remembered.
//
// The audio context is created inside a user gesture (sign-in) so the browser lets it play
// later, but it is kept suspended between beeps: a running context holds an audio thread busy
// for the whole shift, and on a starved CPU that thread's glitches brought the tab down.
let ctx = null;
let idle = 0;
export const muted = () => localStorage.getItem('pingan.mute') === '1';
export const setMuted = (m) => localStorage.setItem('pingan.mute', m ? '1' : '0');
export function unlock() {
  try {
    ctx = ctx || new (window.AudioContext || window.webkitAudioContext)();
    ctx.resume().then(() => ctx.suspend()).catch(() => {});
  } catch { ctx = null; }
}
export let beeps = 0;
export function beep() {
  if (muted()) return;
  beeps++;
  if (!ctx) return;
  ctx.resume().then(() => {
    const now = ctx.currentTime;
    for (const [k, f] of [[0, 880], [1, 660], [2, 880]]) {
      const o = ctx.createOscillator(), g = ctx.createGain();
      o.type = 'square'; o.frequency.value = f;
      g.gain.setValueAtTime(0.0001, now + k * 0.18); g.gain.exponentialRampToValueAtTime(0.15, now + k * 0.18 + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, now + k * 0.18 + 0.16);
      o.connect(g).connect(ctx.destination); o.start(now + k * 0.18); o.stop(now + k * 0.18 + 0.17);
    }
    clearTimeout(idle);
    idle = setTimeout(() => ctx.suspend().catch(() => {}), 1000);
  }).catch(() => {});
}
