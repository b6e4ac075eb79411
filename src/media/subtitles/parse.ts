// Strict readers for the subtitle files we write: tests and benches use them to prove the
// files are valid (numbering, timestamps, ordering, no blank lines inside a cue).
export interface ParsedCue {
  start: number;
  end: number;
  lines: string[];
}

const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})[,.](\d{3})`;

function seconds(m: RegExpMatchArray, at: number): number {
  return Number(m[at]) * 3600 + Number(m[at + 1]) * 60 + Number(m[at + 2]) + Number(m[at + 3]) / 1000;
}

function parseBlocks(blocks: string[], sep: ',' | '.', numbered: boolean): ParsedCue[] {
  const timing = new RegExp(`^${TIME.replace('[,.]', sep === ',' ? ',' : '\\.')} --> ${TIME.replace('[,.]', sep === ',' ? ',' : '\\.')}$`);
  const cues: ParsedCue[] = [];
  for (const [i, block] of blocks.entries()) {
    const lines = block.split('\n');
    if (numbered && lines.shift() !== String(i + 1)) throw new Error(`cue ${i + 1}: bad or missing number`);
    const m = timing.exec(lines.shift() ?? '');
    if (!m) throw new Error(`cue ${i + 1}: bad timing line`);
    const start = seconds(m, 1);
    const end = seconds(m, 5);
    if (!(end > start)) throw new Error(`cue ${i + 1}: end ${end} is not after start ${start}`);
    if (cues.length && start < cues[cues.length - 1].start) throw new Error(`cue ${i + 1}: starts before the previous cue`);
    if (lines.length === 0 || lines.some((l) => l.trim() === '')) throw new Error(`cue ${i + 1}: empty text`);
    cues.push({ start, end, lines });
  }
  return cues;
}

function blocksOf(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((b) => b.replace(/\n+$/, ''))
    .filter((b) => b !== '');
}

export function parseSrt(text: string): ParsedCue[] {
  return parseBlocks(blocksOf(text), ',', true);
}

export function parseVtt(text: string): ParsedCue[] {
  const blocks = blocksOf(text);
  if (!/^WEBVTT( .*)?$/.test(blocks.shift() ?? '')) throw new Error('missing WEBVTT header');
  return parseBlocks(blocks, '.', false);
}
