/** Text decorations; every one is the identity when colour is off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

function paint(open: number, close: number) {
  return (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const plain = (text: string) => text;

/** ANSI styles when `color` is true, plain text otherwise. */
export function createStyle(color: boolean): Style {
  if (!color) return { bold: plain, dim: plain, green: plain, red: plain, cyan: plain };
  return {
    bold: paint(1, 22),
    dim: paint(2, 22),
    green: paint(32, 39),
    red: paint(31, 39),
    cyan: paint(36, 39),
  };
}
