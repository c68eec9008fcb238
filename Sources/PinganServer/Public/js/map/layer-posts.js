// Fixed sites: street posts, key places (重点部位, red diamonds with the posts), checkpoints (卡口)
// and camera points, each on its own layer.
import { pageStyle } from './constants.js';

export const postsLayer = {
  /** Fixed sites by kind: posts (teal squares), checkpoints (orange gates, 卡口) and camera
   *  points (violet dots with a lens, shown from zoom 14), each on its own layer. */
  drawPosts(ctx, sx, sy, css, dark) {
    if (this.zoom < 12 || !this.postPts.length) return;
    const kinds = [
      { on: this.layers.posts, match: (k) => k !== 'checkpoint' && k !== 'camera' && k !== 'keyPlace', min: 12, ink: dark ? '#9fd8cf' : '#00695c',
        shape: (X, Y) => ctx.rect(X - 4, Y - 4, 8, 8), fill: '#00897b' },
      { on: this.layers.posts, match: (k) => k === 'keyPlace', min: 12, ink: dark ? '#ef9a9a' : '#b71c1c',
        shape: (X, Y) => { ctx.moveTo(X, Y - 6); ctx.lineTo(X + 6, Y); ctx.lineTo(X, Y + 6); ctx.lineTo(X - 6, Y); ctx.closePath(); }, fill: '#c62828' },
      { on: this.layers.checkpoints, match: (k) => k === 'checkpoint', min: 12, ink: dark ? '#ffcc80' : '#bf360c',
        shape: (X, Y) => { ctx.moveTo(X - 6, Y + 5); ctx.lineTo(X - 6, Y - 5); ctx.lineTo(X + 6, Y - 5); ctx.lineTo(X + 6, Y + 5); ctx.lineTo(X + 3, Y + 5); ctx.lineTo(X + 3, Y - 1); ctx.lineTo(X - 3, Y - 1); ctx.lineTo(X - 3, Y + 5); ctx.closePath(); }, fill: '#ef6c00' },
      { on: this.layers.cameras, match: (k) => k === 'camera', min: 14, ink: dark ? '#d1c4e9' : '#4527a0',
        shape: (X, Y) => { ctx.moveTo(X + 4.5, Y); ctx.arc(X, Y, 4.5, 0, Math.PI * 2); }, fill: '#5e35b1', lens: true },
    ];
    for (const k of kinds) {
      if (!k.on || this.zoom < k.min) continue;
      const pts = this.postPts.filter(({ post }) => k.match(post.kind));
      if (!pts.length) continue;
      ctx.beginPath();
      for (const { p } of pts) k.shape(sx(p[0]), sy(p[1]));
      ctx.fillStyle = k.fill; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
      if (k.lens) { ctx.beginPath(); for (const { p } of pts) { const X = sx(p[0]), Y = sy(p[1]); ctx.moveTo(X + 1.6, Y); ctx.arc(X, Y, 1.6, 0, Math.PI * 2); } ctx.fillStyle = '#fff'; ctx.fill(); }
      if (this.zoom >= 15) {
        ctx.font = '11px ' + css.font; ctx.fillStyle = k.ink; ctx.textAlign = 'left';
        for (const { post, p } of pts) ctx.fillText(post.name, sx(p[0]) + 8, sy(p[1]) + 4);
      }
    }
  },
};
