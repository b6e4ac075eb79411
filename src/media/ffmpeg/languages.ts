// Subtitle stream languages as containers store them: MP4/MOV keep only ISO 639-2 three-letter
// codes (a two-letter "en" is written as "und"), so two-letter codes (ISO 639-1, what platforms
// and Whisper name) become their ISO 639-2/B code; a region suffix ("en-US") is dropped.
// Codes not in the table pass through (three-letter ones are already right).
const ISO639_2B: Record<string, string> = {
  af: 'afr', am: 'amh', ar: 'ara', as: 'asm', az: 'aze', ba: 'bak', be: 'bel', bg: 'bul', bn: 'ben', bo: 'tib', br: 'bre',
  bs: 'bos', ca: 'cat', cs: 'cze', cy: 'wel', da: 'dan', de: 'ger', el: 'gre', en: 'eng', eo: 'epo', es: 'spa', et: 'est',
  eu: 'baq', fa: 'per', fi: 'fin', fo: 'fao', fr: 'fre', ga: 'gle', gl: 'glg', gu: 'guj', ha: 'hau', he: 'heb', hi: 'hin',
  hr: 'hrv', ht: 'hat', hu: 'hun', hy: 'arm', id: 'ind', is: 'ice', it: 'ita', ja: 'jpn', jv: 'jav', ka: 'geo', kk: 'kaz',
  km: 'khm', kn: 'kan', ko: 'kor', la: 'lat', lb: 'ltz', ln: 'lin', lo: 'lao', lt: 'lit', lv: 'lav', mg: 'mlg', mi: 'mao',
  mk: 'mac', ml: 'mal', mn: 'mon', mr: 'mar', ms: 'may', mt: 'mlt', my: 'bur', ne: 'nep', nl: 'dut', nn: 'nno', no: 'nor',
  nb: 'nob', oc: 'oci', pa: 'pan', pl: 'pol', ps: 'pus', pt: 'por', ro: 'rum', ru: 'rus', sa: 'san', sd: 'snd', si: 'sin',
  sk: 'slo', sl: 'slv', sn: 'sna', so: 'som', sq: 'alb', sr: 'srp', su: 'sun', sv: 'swe', sw: 'swa', ta: 'tam', te: 'tel',
  tg: 'tgk', th: 'tha', tk: 'tuk', tl: 'tgl', tr: 'tur', tt: 'tat', uk: 'ukr', ur: 'urd', uz: 'uzb', vi: 'vie', yi: 'yid',
  yo: 'yor', zh: 'chi', zu: 'zul',
};

/** The code a container's language tag should carry for `lang` ("en", "en-US", "pt_BR", "eng"). */
export function containerLanguage(lang: string): string {
  const primary = lang.split(/[-_]/)[0].toLowerCase();
  return ISO639_2B[primary] ?? primary;
}
