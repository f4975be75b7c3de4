import { describe, expect, it } from 'vitest';
import { namedTerms } from '../../src/search/named-terms.js';

const names = (text: string, common?: (w: string) => boolean) =>
  [...namedTerms(text, common)].sort();

describe('namedTerms', () => {
  it('GIVEN systems, methods and data sets written as identifiers THEN each is found, lowercased as the query builder splits it', () => {
    expect(names("How does vLLM's PagedAttention allocate KV cache blocks?")).toEqual([
      'pagedattention',
      'vllm',
    ]);
    expect(names('Is GPTQ better than AWQ on NF4 weights, tested on an H100 with lrs3?')).toEqual([
      'gptq',
      'h100',
      'lrs3',
      'nf4',
    ]);
  });

  it('GIVEN hyphenated words THEN a version or an identifier part is a name; a plain compound or a size is not', () => {
    expect(names('Do models like RT-2 beat GPT-4 when trained D4RL-style?')).toEqual([
      'd4rl',
      'gpt',
      'rt',
    ]);
    expect(names('a 16-bit long-context model at 7B-scale with DP-SGD')).toEqual([]);
  });

  it('GIVEN capitalised words, short acronyms, their plurals, quantities and dates THEN none is a name', () => {
    expect(names('How good are LLMs and SSMs at translating Sanskrit? Atari games too.')).toEqual(
      [],
    );
    expect(names('AWQ or OCR on TV and SMS, 20k pages, 7B models, 3D scans, 1000x faster')).toEqual(
      [],
    );
    expect(names('the JANUARY and MARCH releases of BERT')).toEqual(['bert']);
  });

  it('GIVEN text in capitals throughout THEN its form names nothing', () => {
    expect(names('HOW DO I FINE TUNE VLLM FOR SERVING')).toEqual([]);
  });

  it('GIVEN half the words in capitals, or numbers and one-letter words among them THEN the names are still read', () => {
    expect(names('VLLM serving')).toEqual(['vllm']);
    expect(names('I use GPTQ')).toEqual(['gptq']);
    expect(names('In 2024, 2025 and 2026 did vLLM win?')).toEqual(['vllm']);
  });

  it('GIVEN a dotted version, a curly possessive, a one-letter part or a dotted quantity THEN only the names are found', () => {
    expect(names('Is Llama-3.1 better than vLLM’s kernels on X-2 at 1.5B or 1,000x?')).toEqual([
      'llama',
      'vllm',
    ]);
  });

  it('GIVEN a two-letter name, a version of two digits or with two after the dot, a year after an apostrophe and a name after a hyphen THEN each is found', () => {
    expect(names('Is T5 better than BERT?')).toEqual(['bert', 't5']);
    expect(names('Yi-34 or Llama-3.10 quantised as Pangu-GPTQ')).toEqual(['gptq', 'llama', 'yi']);
    expect(names("papers from NeurIPS’24 and ICML'24")).toEqual(['icml', 'neurips']);
  });

  it('GIVEN a name with an apostrophe inside ("O\'Reilly", "l\'attention") THEN it is a word of the text, not shouting, and no name', () => {
    expect(names("GPTQ O'Reilly")).toEqual(['gptq']);
    expect(names("GPTQ l'attention")).toEqual(['gptq']);
    expect(names("GPTQ's o'")).toEqual(['gptq']);
    // An acronym with an ending in small letters is written, not shouted.
    expect(names("GPTQ'll AWQ's win")).toEqual(['gptq']);
    expect(names("VLLM, I'll")).toEqual(['vllm']);
  });

  it('GIVEN the plural of an acronym long enough to be a name THEN it is one', () => {
    expect(names('Are LSTMs still used next to SSMs?')).toEqual(['lstms']);
    // Only a whole word is an acronym's plural: "中SMs" is not "SMs".
    expect(names('中SMs')).toEqual(['中sms']);
  });

  it('GIVEN a size or a name with digits after a hyphen THEN the plain word before it is no version and no name', () => {
    expect(names('Compare the base-7B and chat-70B variants')).toEqual([]);
    expect(names('trained on Tesla-V100 cards')).toEqual(['v100']);
  });

  it('GIVEN quantities with two-letter units or a decimal comma THEN none is a name; GIVEN a name with digits and more letters THEN it is one', () => {
    expect(names('70GB of memory, 10ms latency, 1,5k steps, 20kb pages')).toEqual([]);
    expect(names('GPUs such as A100s for 3DGS scenes')).toEqual(['3dgs', 'a100s']);
  });

  it('GIVEN sizes multiplied ("8x7B", "3x3") THEN they are quantities, not names; GIVEN a name that only starts with a number THEN it is one', () => {
    expect(names('Is Mixtral 8x7B or 8x22B better than 3x3 or 2X2x2 convolutions at 4x?')).toEqual(
      [],
    );
    expect(names('Does 8x7B beat 4xB200 on 3x3D?')).toEqual(['4xb200']);
  });

  it('GIVEN a word everyone writes as an acronym THEN the common-word test keeps it out', () => {
    const common = (w: string) => w === 'nasa';
    expect(names('NASA data about Verilog and QLoRA', common)).toEqual(['qlora']);
    expect(names('NASA data about Verilog and QLoRA')).toEqual(['nasa', 'qlora']);
  });

  it('GIVEN hostile or empty text THEN it answers without throwing', () => {
    expect(names('')).toEqual([]);
    const hostile = '"NEAR(a b)" OR ^title:* -- ))) \u0000 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 x\'y-\'-z '.repeat(200);
    expect(Array.isArray(names(hostile))).toBe(true);
  });
});
