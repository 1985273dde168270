// The output cells of an analytics answer, numbered. Each cell dimension (periods, units,
// category options, in the layout's order) is a digit: the item's position in the
// request, or one past the last for that dimension's total. The first dimension is the
// most significant, so cells in numeric order are in the dimensions' order with each
// total after its items — the order the answer's rows take. A fact sets the digits it
// has; `fill()` then lists the cells it counts in (itself, and with totals every
// combination of its dimensions totalled) without making anything per fact.
import { TOTAL } from '@shared/schemas/analytics.ts';

export class CellGrid {
  /** The cells the current digits count in, after `fill()`. */
  readonly cells: number[];
  private readonly index: Map<string, number>[];
  private readonly strides: number[];
  private readonly digits: number[];
  /** Per totals combination, which dimensions it totals. */
  private readonly totalled: boolean[][];

  constructor(
    private readonly dims: string[],
    private readonly items: string[][],
    totals: boolean,
  ) {
    this.index = items.map((list) => new Map(list.map((v, i) => [v, i])));
    this.strides = [];
    for (let d = dims.length - 1, stride = 1; d >= 0; d -= 1) {
      this.strides[d] = stride;
      stride *= items[d]!.length + 1;
    }
    this.digits = dims.map(() => 0);
    this.totalled = [];
    for (let mask = 0; mask < (totals ? 1 << dims.length : 1); mask += 1) this.totalled.push(dims.map((_, d) => (mask & (1 << d)) !== 0));
    this.cells = this.totalled.map(() => 0);
  }

  /** The position of a dimension (-1 when the layout does not show it: a filter). */
  dimension(name: string): number {
    return this.dims.indexOf(name);
  }

  /** Sets a dimension's digit to an item of the request (nothing for a dimension not shown). */
  set(dimension: number, item: string): void {
    if (dimension >= 0) this.digits[dimension] = this.index[dimension]!.get(item)!;
  }

  fill(): void {
    for (let s = 0; s < this.totalled.length; s += 1) {
      const totalled = this.totalled[s]!;
      let cell = 0;
      for (let d = 0; d < this.dims.length; d += 1) cell += (totalled[d] ? this.items[d]!.length : this.digits[d]!) * this.strides[d]!;
      this.cells[s] = cell;
    }
  }

  /** A cell's item per dimension (TOTAL for a totalled one). */
  coordinates(cell: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (let d = 0; d < this.dims.length; d += 1) {
      const digit = Math.floor(cell / this.strides[d]!) % (this.items[d]!.length + 1);
      out[this.dims[d]!] = digit === this.items[d]!.length ? TOTAL : this.items[d]![digit]!;
    }
    return out;
  }
}
