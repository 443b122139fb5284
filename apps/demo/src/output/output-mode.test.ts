import { describe, expect, it } from 'vitest';
import { detectOutputMode } from './output-mode.js';

describe('detectOutputMode', () => {
  it('is plain when piped', () => {
    expect(detectOutputMode({ isTTY: false }, {})).toEqual({ live: false, color: false });
    expect(detectOutputMode({}, {})).toEqual({ live: false, color: false });
  });

  it('is live and coloured on a terminal', () => {
    expect(detectOutputMode({ isTTY: true }, {})).toEqual({ live: true, color: true });
  });

  it('drops colour with NO_COLOR, and everything with TERM=dumb', () => {
    expect(detectOutputMode({ isTTY: true }, { NO_COLOR: '1' })).toEqual({
      live: true,
      color: false,
    });
    expect(detectOutputMode({ isTTY: true }, { NO_COLOR: '' })).toEqual({
      live: true,
      color: true,
    });
    expect(detectOutputMode({ isTTY: true }, { TERM: 'dumb' })).toEqual({
      live: false,
      color: false,
    });
  });
});
