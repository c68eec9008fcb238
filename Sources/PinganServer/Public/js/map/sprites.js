// Cached marker sprites, copied onto whole pixels: far cheaper than one path per marker.


export const sprites = {
  // Markers are sprites: each kind of marker is painted once into a small canvas and then copied
  // onto whole device pixels. Skia fills one path of a thousand small circles or shapes several
  // times slower than it copies a thousand sprites, and a copy allocates nothing per frame.
  /** The cached sprite `key` (a number: see the draw functions), `size` CSS px square, painted
   *  by `paint(ctx, centre)` on first use. Callers look in `this.sprites` first, so no paint
   *  closure is made per marker per frame. */
  sprite(key, size, paint) {
    let sp = this.sprites.get(key);
    if (!sp) {
      if (this.sprites.size > 4000) this.sprites.clear();
      const px = Math.ceil(size * this.dpr);
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = px;
      const c = canvas.getContext('2d', this.tileOpts);
      c.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      paint(c, px / this.dpr / 2);
      sp = { canvas, size: px / this.dpr, half: px / this.dpr / 2 };
      this.sprites.set(key, sp);
    }
    return sp;
  },
  /** Draws a sprite centred on (X, Y), snapped to whole device pixels (an unfiltered copy). */
  blit(ctx, sp, X, Y) {
    const d = this.dpr;
    ctx.drawImage(sp.canvas, Math.round((X - sp.half) * d) / d, Math.round((Y - sp.half) * d) / d, sp.size, sp.size);
  },
};
