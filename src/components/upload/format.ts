/** Sizes, speeds, durations and type names for people, in the visitor's locale (via `Intl`). */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A byte count as people read it: `25 MB`, `1,5 GB` (binary steps of 1024, as file managers show
 * sizes).
 */
export function formatBytes(bytes: number, locale: string): string {
  let value = bytes;
  let unit = 0;
  // Rounded as shown: 1,048,575 bytes are `1 MB`, not `1.024 kB`.
  while (unit < UNITS.length - 1 && round(value, digits(value, unit)) >= 1024) {
    value /= 1024;
    unit++;
  }
  // Long for bytes: the short English unit is singular (`500 byte`); German writes `Byte` either way.
  const unitDisplay = unit === 0 ? 'long' : 'short';
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[unit], unitDisplay, maximumFractionDigits: digits(value, unit) }).format(value);
}

const digits = (value: number, unit: number): number => (unit === 0 || value >= 100 ? 0 : 1);
const round = (value: number, fractionDigits: number): number => Math.round(value * 10 ** fractionDigits) / 10 ** fractionDigits;

/** A duration rounded to what matters for "time left": `12 Sek.`, `3 min`, `1 Std.`. */
export function formatDuration(seconds: number, locale: string): string {
  const [value, unit] = duration(seconds);
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

// Units chosen after rounding: 59.5 s is `1 min`, not `60 s`; 3599 s is `1 hr`, not `60 min`.
function duration(seconds: number): [number, string] {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return [whole, 'second'];
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? [minutes, 'minute'] : [Math.round(seconds / 360) / 10, 'hour'];
}

/**
 * Names people know a type by, where its subtype in capitals is not the name: `application/pdf`,
 * `image/jpeg`, `text/csv` … read as `PDF`, `JPEG`, `CSV` without an entry here.
 */
const TYPE_NAMES: Record<string, string> = {
  'image/webp': 'WebP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (PPTX)',
  'application/msword': 'Word (DOC)',
  'application/vnd.ms-excel': 'Excel (XLS)',
  'text/plain': 'Text (TXT)',
};

/** Allowed content types as a list people read: `PDF, JPEG und Word (DOCX)`. */
export function formatTypes(types: readonly string[], locale: string): string {
  const names = [...new Set(types.map((type) => TYPE_NAMES[type] ?? (type.split('/').pop() ?? type).toUpperCase()))];
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
}
