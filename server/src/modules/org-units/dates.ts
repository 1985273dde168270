// Calendar dates for units (valid from / valid to) are days in Vietnam time, whatever
// the server's time zone: a village added at 00:30 in Hà Nội is valid from that day.
const vietnamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

/** yyyy-mm-dd of the instant in Asia/Ho_Chi_Minh. */
export function vietnamDate(instant: Date): string {
  return vietnamDay.format(instant);
}

/** dd/mm/yyyy, the way Vietnamese messages write a date. */
export function vietnameseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}
