import { escapeHtml as esc } from "./escapeHtml";

/** One line of a chart: a value per minute (null: no value), on the left or right axis. */
export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly color: string;
  readonly axis?: "left" | "right";
  /** `area`: filled under the line; `step`: a step function; `line`: straight segments. */
  readonly style?: "line" | "area" | "step";
  readonly dash?: string;
  /** How values of a minute bucket are merged when the chart has fewer pixels than minutes. */
  readonly merge?: "mean" | "max" | "last";
}

/** A chart: size, time axis, value axes, series and reference lines. */
export interface ChartSpec {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** Epoch seconds of the first minute, and the time zone of the tick labels. */
  readonly start: number;
  readonly timezone: string;
  readonly minutes: number;
  readonly left: { readonly label: string; readonly max: number; readonly logMin?: number };
  readonly right?: { readonly label: string; readonly max: number };
  readonly series: readonly ChartSeries[];
  readonly hlines?: readonly { readonly value: number; readonly color: string; readonly label: string }[];
  /** Shaded stretches of time (schedule windows), in minutes from the chart's start, labelled. */
  readonly bands?: readonly {
    readonly fromMinute: number;
    readonly toMinute: number;
    readonly label: string;
  }[];
}

const M = { top: 22, right: 46, bottom: 22, left: 46 };

/**
 * A self-contained SVG line chart over time (no scripts, no external resources): minute series on
 * one or two value axes, time ticks in the trace's time zone, optional horizontal reference lines
 * (an SLO), a legend in the title row. Series longer than the plot is wide are bucketed (mean, max or
 * last value per bucket) so the markup stays small.
 */
export function svgChart(spec: ChartSpec): string {
  const w = spec.width - M.left - M.right;
  const h = spec.height - M.top - M.bottom;
  const buckets = Math.max(1, Math.min(spec.minutes, Math.floor(w / 1.5)));
  const per = spec.minutes / buckets;
  const x = (minute: number) => M.left + (minute / spec.minutes) * w;
  const yLeft = axisScale(spec.left.max, h, spec.left.logMin);
  const yRight = spec.right ? axisScale(spec.right.max, h) : yLeft;
  const parts: string[] = [];
  // Schedule windows behind everything else, labelled at their start.
  let lastLabelX = Number.NEGATIVE_INFINITY;
  for (const band of spec.bands ?? []) {
    const a = Math.max(0, band.fromMinute);
    const b = Math.min(spec.minutes, band.toMinute);
    if (b <= a) continue;
    parts.push(
      `<rect x="${f(x(a))}" y="${M.top}" width="${f(Math.max(0.5, x(b) - x(a)))}" height="${h}" fill="#2ca02c" fill-opacity="0.1"><title>${esc(band.label)}</title></rect>`,
    );
    if (x(a) - lastLabelX > 60) {
      parts.push(
        `<text x="${f(x(a) + 2)}" y="${M.top + 9}" class="tick" fill="#2a7a2a">${esc(band.label)}</text>`,
      );
      lastLabelX = x(a);
    }
  }
  // Grid and ticks.
  for (const tick of timeTicks(spec.start, spec.minutes, spec.timezone)) {
    const tx = x(tick.minute);
    parts.push(`<line x1="${f(tx)}" y1="${M.top}" x2="${f(tx)}" y2="${M.top + h}" stroke="#eee"/>`);
    parts.push(
      `<text x="${f(tx)}" y="${spec.height - 6}" class="tick" text-anchor="middle">${tick.label}</text>`,
    );
  }
  for (const v of valueTicks(spec.left.max, spec.left.logMin)) {
    const ty = yLeft(v);
    parts.push(`<line x1="${M.left}" y1="${f(ty)}" x2="${M.left + w}" y2="${f(ty)}" stroke="#f3f3f3"/>`);
    parts.push(
      `<text x="${M.left - 4}" y="${f(ty + 3)}" class="tick" text-anchor="end">${fmtTick(v)}</text>`,
    );
  }
  if (spec.right) {
    for (const v of valueTicks(spec.right.max)) {
      parts.push(
        `<text x="${M.left + w + 4}" y="${f(yRight(v) + 3)}" class="tick" text-anchor="start">${fmtTick(v)}</text>`,
      );
    }
  }
  for (const s of spec.series) {
    const y = s.axis === "right" ? yRight : yLeft;
    const values = bucket(s.values, buckets, s.merge ?? "mean");
    const pts: string[] = [];
    const flush = (closeArea: boolean) => {
      if (pts.length === 0) return;
      if (s.style === "step") keepCorners(pts);
      if (s.style === "area" && closeArea) {
        const first = pts[0]!.split(",")[0];
        const last = pts[pts.length - 1]!.split(",")[0];
        parts.push(
          `<polygon points="${first},${f(M.top + h)} ${pts.join(" ")} ${last},${f(M.top + h)}" fill="${s.color}" fill-opacity="0.35" stroke="none"/>`,
        );
      } else {
        parts.push(
          `<polyline points="${pts.join(" ")}" fill="none" stroke="${s.color}" stroke-width="1.4"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`,
        );
      }
      pts.length = 0;
    };
    values.forEach((v, i) => {
      if (v === null) {
        flush(true);
        return;
      }
      const x0 = x(i * per);
      const yy = f(y(v));
      if (s.style === "step") pts.push(`${f(x0)},${yy}`, `${f(x((i + 1) * per))},${yy}`);
      else pts.push(`${f(x0 + (per * w) / spec.minutes / 2)},${yy}`);
    });
    flush(true);
  }
  for (const line of spec.hlines ?? []) {
    const ty = yLeft(line.value);
    parts.push(
      `<line x1="${M.left}" y1="${f(ty)}" x2="${M.left + w}" y2="${f(ty)}" stroke="${line.color}" stroke-dasharray="4 3"/>`,
    );
    parts.push(
      `<text x="${M.left + w - 2}" y="${f(ty - 3)}" class="tick" text-anchor="end" fill="${line.color}">${esc(line.label)}</text>`,
    );
  }
  // Legend in the title row.
  let lx = M.left;
  parts.push(`<text x="${lx}" y="13" class="ctitle">${esc(spec.title)}</text>`);
  lx += spec.title.length * 6.6 + 14;
  for (const s of spec.series) {
    parts.push(`<rect x="${f(lx)}" y="5" width="10" height="8" fill="${s.color}"/>`);
    parts.push(`<text x="${f(lx + 13)}" y="13" class="tick">${esc(s.label)}</text>`);
    lx += 13 + s.label.length * 5.6 + 12;
  }
  parts.push(
    `<text x="6" y="${M.top + h / 2}" class="tick" transform="rotate(-90 10 ${M.top + h / 2})" text-anchor="middle">${esc(spec.left.label)}</text>`,
  );
  if (spec.right)
    parts.push(
      `<text x="${spec.width - 6}" y="${M.top + h / 2}" class="tick" transform="rotate(90 ${spec.width - 10} ${M.top + h / 2})" text-anchor="middle">${esc(spec.right.label)}</text>`,
    );
  // The time axis's zone, so a reader never has to guess it.
  parts.push(
    `<text x="${spec.width - M.right}" y="13" class="tick" text-anchor="end">times: ${esc(spec.timezone)}</text>`,
  );
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${w}" height="${h}" fill="none" stroke="#ccc"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(spec.title)}" width="${spec.width}" height="${spec.height}" viewBox="0 0 ${spec.width} ${spec.height}"><title>${esc(spec.title)}</title>${parts.join("")}</svg>`;
}

/** Drops the inner points of horizontal runs (a step function's flat stretches), keeping every corner. */
function keepCorners(pts: string[]): void {
  const y = (p: string) => p.slice(p.indexOf(",") + 1);
  let out = 0;
  for (let i = 0; i < pts.length; i++) {
    const flatBefore = i > 0 && y(pts[i - 1]!) === y(pts[i]!);
    const flatAfter = i + 1 < pts.length && y(pts[i + 1]!) === y(pts[i]!);
    if (!(flatBefore && flatAfter)) pts[out++] = pts[i]!;
  }
  pts.length = out;
}

function axisScale(max: number, h: number, logMin?: number): (v: number) => number {
  if (logMin !== undefined) {
    const lo = Math.log10(logMin);
    const hi = Math.log10(Math.max(max, logMin * 10));
    return (v) => M.top + h - ((Math.log10(Math.min(Math.max(v, logMin), 10 ** hi)) - lo) / (hi - lo)) * h;
  }
  const top = max > 0 ? max : 1;
  return (v) => M.top + h - (Math.min(Math.max(v, 0), top) / top) * h;
}

function valueTicks(max: number, logMin?: number): number[] {
  if (logMin !== undefined) {
    const out: number[] = [];
    for (let v = logMin; v <= max * 1.0001; v *= 10) out.push(v);
    return out;
  }
  const step = niceStep(max / 4);
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function timeTicks(start: number, minutes: number, timezone: string): { minute: number; label: string }[] {
  // Over two days: a tick a day, labelled with the weekday and date (weekends show as such).
  if (minutes > 2 * 24 * 60) {
    const day = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, weekday: "short", day: "2-digit" });
    const every = minutes > 10 * 24 * 60 ? 2 * 1440 : 1440;
    const out: { minute: number; label: string }[] = [];
    for (let m = 0; m <= minutes; m += every)
      out.push({ minute: m, label: day.format(new Date((start + m * 60 + 43200) * 1000)) });
    return out;
  }
  const every = minutes > 12 * 60 ? 180 : minutes > 4 * 60 ? 60 : minutes > 60 ? 15 : 5;
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit" });
  const out: { minute: number; label: string }[] = [];
  for (let m = 0; m <= minutes; m += every)
    out.push({ minute: m, label: fmt.format(new Date((start + m * 60) * 1000)) });
  return out;
}

function bucket(
  values: readonly (number | null)[],
  buckets: number,
  merge: "mean" | "max" | "last",
): (number | null)[] {
  if (values.length <= buckets) return [...values];
  const out: (number | null)[] = [];
  const per = values.length / buckets;
  for (let b = 0; b < buckets; b++) {
    let sum = 0;
    let n = 0;
    let max = Number.NEGATIVE_INFINITY;
    let last: number | null = null;
    for (let i = Math.floor(b * per); i < Math.floor((b + 1) * per); i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      sum += v;
      n++;
      if (v > max) max = v;
      last = v;
    }
    out.push(n === 0 ? null : merge === "mean" ? sum / n : merge === "max" ? max : last);
  }
  return out;
}

function fmtTick(v: number): string {
  if (v >= 1000) return `${Math.round(v / 100) / 10}k`;
  return String(Math.round(v * 100) / 100);
}

const f = (v: number) => (Math.round(v * 10) / 10).toString();
