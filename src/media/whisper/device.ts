// Where Whisper runs. VC_WHISPER_DEVICE=auto takes CUDA when CTranslate2 sees a GPU, with
// float16 (the usual GPU choice: half the memory of float32 and the tensor cores' type), and
// the CPU otherwise with int8 (weights quantised at load: ~2x faster than float32 on the CPU,
// the numbers in docs/speech.md). VC_WHISPER_COMPUTE_TYPE overrides the type on either.
import { runProcess } from '../process/run.js';
import { MODELS_SCRIPT } from './catalog.js';

export interface DeviceProbe {
  cudaDevices: number;
  cudaComputeTypes: string[];
  cpuComputeTypes: string[];
}

export interface DeviceChoice {
  device: 'cpu' | 'cuda';
  computeType: string;
  /** Why, in one line for doctor and the logs. */
  reason: string;
}

/** Pure: the device and compute type for the configured wishes and what the machine has. */
export function chooseDevice(wanted: 'auto' | 'cpu' | 'cuda', computeType: string | null, probe: DeviceProbe | null): DeviceChoice {
  const gpus = probe?.cudaDevices ?? 0;
  const device = wanted === 'auto' ? (gpus > 0 ? 'cuda' : 'cpu') : wanted;
  const supported = device === 'cuda' ? (probe?.cudaComputeTypes ?? []) : (probe?.cpuComputeTypes ?? []);
  const preferred = device === 'cuda' ? (supported.length === 0 || supported.includes('float16') ? 'float16' : 'float32') : 'int8';
  const type = computeType ?? preferred;
  const why =
    wanted === 'auto'
      ? gpus > 0
        ? `auto: CTranslate2 sees ${gpus} CUDA device${gpus === 1 ? '' : 's'}`
        : probe
          ? 'auto: no CUDA device'
          : 'auto: could not ask CTranslate2 for CUDA devices'
      : `VC_WHISPER_DEVICE=${wanted}`;
  const typeWhy = computeType ? `VC_WHISPER_COMPUTE_TYPE=${computeType}` : `${type} is the default on ${device === 'cuda' ? 'a GPU' : 'the CPU'}`;
  const unsupported = supported.length > 0 && !supported.includes(type) ? `; warning: ${device} here supports ${supported.join(', ')}, CTranslate2 will convert` : '';
  return { device, computeType: type, reason: `${why}; ${typeWhy}${unsupported}` };
}

/** Asks CTranslate2 (through models.py device) what it can use; null when it cannot say. */
export async function probeDevice(python: string, env: NodeJS.ProcessEnv = process.env): Promise<DeviceProbe | null> {
  try {
    const r = await runProcess(python, [MODELS_SCRIPT, 'device'], { timeoutMs: 60_000, env });
    if (r.code !== 0) return null;
    const raw = JSON.parse(r.stdout) as { cuda_devices: number; cuda_compute_types: string[]; cpu_compute_types: string[] };
    return { cudaDevices: raw.cuda_devices, cudaComputeTypes: raw.cuda_compute_types, cpuComputeTypes: raw.cpu_compute_types };
  } catch {
    return null;
  }
}
