// The Trường Sơn mark: the range's ridges over a deep green field.
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false" className="ts-logo">
      <rect width="64" height="64" rx="14" fill="#0b5c4b" />
      <path d="M8 48 L24 22 L33 36 L41 26 L56 48 Z" fill="#f2c94c" />
      <path d="M8 48 L24 22 L30 32 L20 48 Z" fill="#ffffff" fillOpacity=".35" />
    </svg>
  );
}
