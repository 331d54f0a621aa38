/** Sizes, speeds, durations and type names for people, in the visitor's locale (via `Intl`). */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A byte count as people read it: `25 MB`, `1,5 GB` (binary steps of 1024, as file managers show
 * sizes).
 */
export function formatBytes(bytes: number, locale: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const maximumFractionDigits = unit === 0 || value >= 100 ? 0 : 1;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits }).format(value);
}

/** A duration rounded to what matters for "time left": `12 Sek.`, `3 min`, `1 Std.`. */
export function formatDuration(seconds: number, locale: string): string {
  const [value, unit] =
    seconds < 60 ? [Math.max(1, Math.ceil(seconds)), 'second'] : seconds < 3600 ? [Math.ceil(seconds / 60), 'minute'] : [Math.round(seconds / 360) / 10, 'hour'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
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
