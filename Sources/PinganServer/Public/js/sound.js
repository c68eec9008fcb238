// A short two-tone WebAudio beep for new P1 incidents; muting is remembered.
let ctx = null;
export const muted = () => localStorage.getItem('pingan.mute') === '1';
export const setMuted = (m) => localStorage.setItem('pingan.mute', m ? '1' : '0');
/** Creates the audio context inside a user gesture so browsers let it play later. */
export function unlock() {
  try { ctx = ctx || new (window.AudioContext || window.webkitAudioContext)(); if (ctx.state === 'suspended') ctx.resume(); } catch { ctx = null; }
}
export let beeps = 0;
export function beep() {
  if (muted()) return;
  beeps++;
  if (!ctx) return;
  const now = ctx.currentTime;
  for (const [k, f] of [[0, 880], [1, 660], [2, 880]]) {
    const o = ctx.createOscillator(), g = ctx.createGain();
    o.type = 'square'; o.frequency.value = f;
    g.gain.setValueAtTime(0.0001, now + k * 0.18); g.gain.exponentialRampToValueAtTime(0.15, now + k * 0.18 + 0.02);
    g.gain.exponentialRampToValueAtTime(0.0001, now + k * 0.18 + 0.16);
    o.connect(g).connect(ctx.destination); o.start(now + k * 0.18); o.stop(now + k * 0.18 + 0.17);
  }
}
