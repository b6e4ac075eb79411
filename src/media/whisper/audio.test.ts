import { describe, expect, it } from 'vitest';
import { audioExtractArgs, parseResolvedAudio, resolveAudioArgs, wavSeconds } from './audio.js';
import { requestLine, parseWorkerLine } from './protocol.js';

describe('audio argv', () => {
  it('resolves the best audio without downloading, URL after --', () => {
    const a = resolveAudioArgs('https://x.test/v', { proxy: '' });
    expect(a.slice(-2)).toEqual(['--', 'https://x.test/v']);
    expect(a).toContain('ba/b');
    expect(a).toEqual(expect.arrayContaining(['--proxy', '']));
    expect(a).not.toContain('-o');
  });
  it('reads remote input with only network protocols and headers', () => {
    const a = audioExtractArgs('https://cdn.test/a.m4a', '/w/audio.wav', { remote: true, headers: { 'User-Agent': 'UA' }, maxSeconds: 60 });
    expect(a[a.indexOf('-protocol_whitelist') + 1]).toBe('http,https,tcp,tls');
    expect(a[a.indexOf('-headers') + 1]).toBe('User-Agent: UA\r\n');
    expect(a.slice(a.indexOf('-ac'), a.indexOf('-ac') + 4)).toEqual(['-ac', '1', '-ar', '16000']);
    expect(a[a.indexOf('-t') + 1]).toBe('61');
    expect(a[a.length - 1]).toBe('/w/audio.wav');
  });
  it('reads local files with file,pipe only', () => {
    const a = audioExtractArgs('/w/source.webm', '/w/audio.wav', { remote: false, maxSeconds: 10 });
    expect(a[a.indexOf('-protocol_whitelist') + 1]).toBe('file,pipe');
    expect(a).not.toContain('-headers');
  });
  it('parses a resolved direct URL and refuses manifests and header injection', () => {
    const ok = parseResolvedAudio('x\nVCAUDIO {"url":"https://c.test/a","protocol":"https","http_headers":{"User-Agent":"u","Bad":"a\\r\\nHost: evil"},"duration":3.5}\n');
    expect(ok).toEqual({ url: 'https://c.test/a', headers: { 'User-Agent': 'u' }, duration: 3.5, isLive: false });
    expect(parseResolvedAudio('VCAUDIO {"url":"https://c.test/a.m3u8","protocol":"m3u8_native"}')).toBeNull();
    expect(parseResolvedAudio('VCAUDIO {"url":"file:///etc/passwd","protocol":"http"}')).toBeNull();
    expect(parseResolvedAudio('nothing')).toBeNull();
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
