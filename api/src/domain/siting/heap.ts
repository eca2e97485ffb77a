/**
 * A binary max-heap of (gain, site, round) for lazy greedy: larger gain first, then lower site
 * index (the documented tie-break). @private
 */
export class GainHeap {
  private gain: number[] = [];
  private site: number[] = [];
  private round: number[] = [];

  get size(): number {
    return this.gain.length;
  }

  private before(a: number, b: number): boolean {
    const ga = this.gain[a] as number;
    const gb = this.gain[b] as number;
    return ga > gb || (ga === gb && (this.site[a] as number) < (this.site[b] as number));
  }

  private swap(a: number, b: number): void {
    const g = this.gain[a] as number;
    this.gain[a] = this.gain[b] as number;
    this.gain[b] = g;
    const s = this.site[a] as number;
    this.site[a] = this.site[b] as number;
    this.site[b] = s;
    const r = this.round[a] as number;
    this.round[a] = this.round[b] as number;
    this.round[b] = r;
  }

  push(gain: number, site: number, round: number): void {
    this.gain.push(gain);
    this.site.push(site);
    this.round.push(round);
    let i = this.gain.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The top entry without removing it. */
  peek(): { gain: number; site: number; round: number } | undefined {
    if (this.gain.length === 0) return undefined;
    return { gain: this.gain[0] as number, site: this.site[0] as number, round: this.round[0] as number };
  }

  pop(): { gain: number; site: number; round: number } | undefined {
    const top = this.peek();
    if (!top) return undefined;
    const last = this.gain.length - 1;
    this.swap(0, last);
    this.gain.pop();
    this.site.pop();
    this.round.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.gain.length && this.before(l, best)) best = l;
      if (r < this.gain.length && this.before(r, best)) best = r;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
    return top;
  }
}
