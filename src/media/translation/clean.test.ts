import { describe, expect, it } from 'vitest';
import { cleanTranslation } from './clean.js';

describe('cleanTranslation', () => {
  it("lowers Apertium's mid-sentence capitals on function words", () => {
    expect(cleanTranslation('Gracias Para escuchar.', 'Thank you for listening.', 'es')).toBe('Gracias para escuchar.');
    expect(cleanTranslation('Hola Y bienvenido', 'Hello and welcome', 'es')).toBe('Hola y bienvenido');
    expect(cleanTranslation('Good morning To all, today go to speak', 'Buenos días a todos, hoy vamos a hablar', 'en')).toBe('Good morning to all, today go to speak');
    expect(cleanTranslation('Grazas Para escoitar.', 'Thank you for listening.', 'gl')).toBe('Grazas para escoitar.');
  });
  it('keeps names, sentence starts and capitals the source had mid-sentence', () => {
    expect(cleanTranslation('Vivo en Madrid. Es grande.', 'I live in Madrid. It is big.', 'es')).toBe('Vivo en Madrid. Es grande.');
    expect(cleanTranslation('We met John And Mary', 'Conocimos a John y Mary', 'en')).toBe('We met John and Mary');
    expect(cleanTranslation('I live in A Coruña', 'Vivo en A Coruña', 'en')).toBe('I live in A Coruña');
    expect(cleanTranslation('Is it? Yes. To me', 'x', 'en')).toBe('Is it? Yes. To me');
  });
  it("drops Apertium's *, # and @ marks and doubled spaces", () => {
    expect(cleanTranslation('of the bridge and of the *interas', 'del puente y de las interas', 'en')).toBe('of the bridge and of the interas');
    expect(cleanTranslation('El #ser @bonito', 'The being nice', 'es')).toBe('El ser bonito');
    expect(cleanTranslation('La cosa es...  Puedo no .', 'The thing is... I cannot.', 'es')).toBe('La cosa es... Puedo no.');
    expect(cleanTranslation('Send it to info@example.com #1', 'x', 'en')).toBe('Send it to info@example.com #1');
  });
  it('restores the capital of the first word when the source had one', () => {
    expect(cleanTranslation('good morning', 'Buenos días', 'en')).toBe('Good morning');
    expect(cleanTranslation('¿dónde está?', 'Where is it?', 'es')).toBe('¿Dónde está?');
    expect(cleanTranslation('good morning', 'buenos días', 'en')).toBe('good morning');
  });
});

describe('cleanTranslation with names in a row', () => {
  it('keeps a function word the source capitalised after another name', () => {
    expect(cleanTranslation('Visitamos Río De Janeiro', 'We visited Rio De Janeiro', 'es')).toBe('Visitamos Río De Janeiro');
  });
});

describe('cleanTranslation and capitals', () => {
  it('tames a word in capitals unless the source has such words', () => {
    expect(cleanTranslation('EL agua del lago', 'The water of the lake', 'es')).toBe('El agua del lago');
    expect(cleanTranslation('Visitamos la NASA', 'We visit NASA', 'es')).toBe('Visitamos la NASA');
  });
});
