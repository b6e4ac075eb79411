// Text engines' output, tidied before anyone reads it.
// Apertium (rule-based) leaves marks and casing artefacts a subtitle must not show:
//   - `*word` (unknown to the dictionary), `#word` (could not be generated), `@word` (no
//     transfer rule): the word itself is the best we have, the mark is noise;
//   - capitals in mid-sentence where the source had none: "Gracias Para escuchar.",
//     "Good morning To all" (its multiword and case rules capitalise the next word);
//   - a word in capitals the source never shouts ("EL agua" for "The water");
//   - doubled spaces after "..." and before punctuation, a lower-case first word when the
//     source began with a capital.
// Mid-sentence capitals are lowered only for the target language's function words (a closed
// list, below), and never when the same capitalised word stands mid-sentence in the source:
// names ("John", "Madrid", "A Coruña") keep their capitals.
const FUNCTION_WORDS: Record<string, string> = {
  en: 'a an and are as at be but by for from go in into is it its of on or so than that the their this to was we were will with you your all',
  es: 'a al con de del el en es la las lo los para pero por que se su sus un una unos unas y o ni más muy como',
  pt: 'a à ao aos as às com da das de do dos e é em na nas no nos o os ou para pela pelo por que se um uma mais muito como',
  ca: 'a al als amb de del dels el els en es és i la les per però que se un una o més molt com',
  gl: 'a á ao aos as ás co coa con da das de do dos e é en na nas no nos o os ou para pola polo por que se un unha máis moi como',
};
const LISTS: Record<string, Set<string>> = Object.fromEntries(Object.entries(FUNCTION_WORDS).map(([k, v]) => [k, new Set(v.split(' '))]));

/** Words that start with a capital and follow another word in the same sentence. */
function midSentenceCapitals(text: string): Set<string> {
  const out = new Set<string>();
  const re = /(?<=[^\s.!?…:¿¡"«])\s+(\p{Lu}[\p{Ll}'’]*)/gu;
  for (let m; (m = re.exec(text)); ) out.add(m[1]);
  return out;
}

/** Removes Apertium's word marks and tidies spacing and casing (see above). */
export function cleanTranslation(text: string, source: string, target: string): string {
  let t = text.replace(/(^|[\s(¿¡"'«\-])[*#@]+(?=\p{L})/gu, '$1');
  t = t.replace(/\s+/g, ' ').replace(/ ([,.;:!?)…])/g, '$1').trim();
  if (!/\b\p{Lu}{2,}\b/u.test(source)) t = t.replace(/\b(\p{Lu})(\p{Lu}+)\b/gu, (_, a: string, rest: string) => a + rest.toLowerCase());
  const words = LISTS[target];
  if (words) {
    const keep = midSentenceCapitals(source);
    t = t.replace(/(?<=[^\s.!?…:¿¡"«])(\s+)(\p{Lu}[\p{Ll}'’]*)(?=[\s,.;:!?…]|$)/gu, (all, space: string, word: string) => {
      const lower = word.toLowerCase();
      return words.has(lower) && !keep.has(word) ? `${space}${lower}` : all;
    });
  }
  const first = /^([¿¡"«(]*)(\p{Ll})/u.exec(t);
  if (first && /^[¿¡"«(]*\p{Lu}/u.test(source.trim())) t = first[1] + first[2].toUpperCase() + t.slice(first[0].length);
  return t;
}
