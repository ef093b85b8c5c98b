import { describe, expect, test } from 'vitest';
import { parseMessage } from '../src/index.js';

describe('parseMessage', () => {
  test.each([
    ['/model', [{ kind: 'model-list' }], '', true],
    ['/model list', [{ kind: 'model-list' }], '', true],
    ['/MODEL   status', [{ kind: 'model-status' }], '', true],
    ['/model 2', [{ kind: 'model-set', selector: { kind: 'index', n: 2 } }], '', true],
    ['/model opus', [{ kind: 'model-set', selector: { kind: 'ref', ref: 'opus' } }], '', true],
    [
      '/model anthropic/claude-opus-4-5@anthropic:work',
      [
        {
          kind: 'model-set',
          selector: { kind: 'ref', ref: 'anthropic/claude-opus-4-5' },
          profileId: 'anthropic:work',
        },
      ],
      '',
      true,
    ],
    // the pin splits on the LAST '@'
    [
      '/model openrouter/vendor@v2/model@openrouter:team',
      [
        {
          kind: 'model-set',
          selector: { kind: 'ref', ref: 'openrouter/vendor@v2/model' },
          profileId: 'openrouter:team',
        },
      ],
      '',
      true,
    ],
    [
      '/model 3@openai:work',
      [{ kind: 'model-set', selector: { kind: 'index', n: 3 }, profileId: 'openai:work' }],
      '',
      true,
    ],
    ['/new', [{ kind: 'reset', name: 'new' }], '', true],
    ['/reset', [{ kind: 'reset', name: 'reset' }], '', true],
    [
      '/model 2\n/new',
      [
        { kind: 'model-set', selector: { kind: 'index', n: 2 } },
        { kind: 'reset', name: 'new' },
      ],
      '',
      true,
    ],
    [
      '/model opus\nwhat is 2+2?',
      [{ kind: 'model-set', selector: { kind: 'ref', ref: 'opus' } }],
      'what is 2+2?',
      false,
    ],
    ['hello /model opus', [], 'hello /model opus', false],
    ['/etc/hosts is a file', [], '/etc/hosts is a file', false],
    ['/models are great', [], '/models are great', false],
    ['plain text', [], 'plain text', false],
  ])('%j', (message, directives, text, directiveOnly) => {
    expect(parseMessage(message)).toEqual({ directives, text, directiveOnly });
  });

  test.each([['/model a b'], ['/model opus@'], ['/model @anthropic:work'], ['/model 0'], ['/new now']])(
    '%j is DIRECTIVE_INVALID',
    (message) => {
      expect(() => parseMessage(message)).toThrow(expect.objectContaining({ code: 'DIRECTIVE_INVALID' }));
    },
  );
});
