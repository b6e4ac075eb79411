import { describe, expect, it } from 'vitest';
import { chooseDevice, type DeviceProbe } from './device.js';

const cpuOnly: DeviceProbe = { cudaDevices: 0, cudaComputeTypes: [], cpuComputeTypes: ['float32', 'int8', 'int8_float32', 'int16'] };
const gpu: DeviceProbe = { cudaDevices: 1, cudaComputeTypes: ['bfloat16', 'float16', 'float32', 'int8', 'int8_float16', 'int8_float32'], cpuComputeTypes: cpuOnly.cpuComputeTypes };
const oldGpu: DeviceProbe = { ...gpu, cudaComputeTypes: ['float32', 'int8', 'int8_float32'] };

describe('chooseDevice', () => {
  it('auto: CUDA with float16 when CTranslate2 sees a GPU, else the CPU with int8', () => {
    expect(chooseDevice('auto', null, gpu)).toMatchObject({ device: 'cuda', computeType: 'float16', reason: expect.stringMatching(/1 CUDA device.*float16 is the default on a GPU/) });
    expect(chooseDevice('auto', null, cpuOnly)).toMatchObject({ device: 'cpu', computeType: 'int8', reason: expect.stringMatching(/no CUDA device/) });
    expect(chooseDevice('auto', null, null)).toMatchObject({ device: 'cpu', computeType: 'int8', reason: expect.stringMatching(/could not ask/) });
  });
  it('a GPU without float16 gets float32', () => {
    expect(chooseDevice('auto', null, oldGpu)).toMatchObject({ device: 'cuda', computeType: 'float32' });
  });
  it('the operator decides when set, and is warned about an unsupported type', () => {
    expect(chooseDevice('cpu', null, gpu)).toMatchObject({ device: 'cpu', computeType: 'int8', reason: expect.stringMatching(/VC_WHISPER_DEVICE=cpu/) });
    expect(chooseDevice('auto', 'int8_float16', gpu)).toMatchObject({ device: 'cuda', computeType: 'int8_float16', reason: expect.stringMatching(/VC_WHISPER_COMPUTE_TYPE=int8_float16$/) });
    expect(chooseDevice('cpu', 'float16', cpuOnly).reason).toMatch(/warning: cpu here supports .*int8.*CTranslate2 will convert/);
    expect(chooseDevice('cuda', null, cpuOnly)).toMatchObject({ device: 'cuda', computeType: 'float16' });
  });
});
