import { describe, expect, it } from 'vitest';
import { CONTAINERS, localMedia, networkMedia, WEB_PROTOCOLS } from '../ffmpeg/input.js';
import { audioExtractArgs, wavSeconds } from './audio.js';
import { requestLine, parseWorkerLine } from './protocol.js';

describe('audio argv', () => {
  it('converts the first audio stream of any guarded input to 16 kHz mono WAV', () => {
    const a = audioExtractArgs(networkMedia('https://cdn.test/a.m4a', 'file', { 'User-Agent': 'UA' }), '/w/audio.wav', { maxSeconds: 60 });
    expect(a[a.indexOf('-protocol_whitelist') + 1]).toBe(WEB_PROTOCOLS);
    expect(a[a.indexOf('-user_agent') + 1]).toBe('UA');
    expect(a.slice(a.indexOf('-ac'), a.indexOf('-ac') + 4)).toEqual(['-ac', '1', '-ar', '16000']);
    expect(a[a.indexOf('-t') + 1]).toBe('61');
    expect(a[a.length - 1]).toBe('/w/audio.wav');
    const l = audioExtractArgs(localMedia('/w/source.webm'), '/w/audio.wav', { maxSeconds: 10 });
    expect(l[l.indexOf('-protocol_whitelist') + 1]).toBe('file,pipe');
    expect(l[l.indexOf('-format_whitelist') + 1]).toBe(CONTAINERS);
  });
  it('knows the WAV duration from its size', () => {
    expect(wavSeconds(44 + 32_000 * 3)).toBe(3);
  });
});

describe('worker protocol', () => {
  it('writes one JSON line per request', () => {
    const line = requestLine('7', { audio: '/a.wav', modelSize: 'base', language: null, task: 'translate', wordTimestamps: true, vadFilter: false, beamSize: 1 });
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({ op: 'transcribe', id: '7', audio: '/a.wav', model_size: 'base', language: null, task: 'translate', word_timestamps: true, vad_filter: false, beam_size: 1 });
  });
  it('converts worker lines into our types and ignores foreign output', () => {
    expect(parseWorkerLine('some library warning')).toBeNull();
    expect(parseWorkerLine('{"type":"progress","id":"1","position":2.5,"duration":10}')).toEqual({ type: 'progress', id: '1', position: 2.5, duration: 10 });
    const r = parseWorkerLine('{"type":"result","id":"1","language":"en","language_probability":0.9,"duration":3,"elapsed":0.5,"segments":[{"start":0,"end":1,"text":" hi ","words":[{"start":0,"end":1,"word":" hi","probability":0.8}]}]}');
    expect(r).toEqual({ type: 'result', id: '1', elapsed: 0.5, transcript: { language: 'en', language_probability: 0.9, duration: 3, segments: [{ id: 0, start: 0, end: 1, text: 'hi', words: [{ start: 0, end: 1, word: ' hi', probability: 0.8 }] }] } });
  });
});
