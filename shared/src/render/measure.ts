/**
 * Node sizes without a DOM: labels are drawn in a monospace font, so a label's width is its length
 * in characters times the font's advance (0.6 em for the common editor fonts). The same numbers in
 * node (CLI, tests, bench) and in the webview make the layout identical everywhere.
 */

/** Font size of node labels, px. */
export const LABEL_FONT = 12;
/** Font size of the small caption above a label, px. */
export const CAPTION_FONT = 10;
/** Advance of one monospace character at LABEL_FONT. */
export const CHAR_WIDTH = LABEL_FONT * 0.6;
/** Label characters shown before an ellipsis (the full text stays in the hover card and aria-label). */
export const MAX_LABEL_CHARS = 36;
/** Node height: caption line plus label line. */
export const NODE_HEIGHT = 40;
/** Left padding holds the status badge. */
export const PAD_LEFT = 26;
export const PAD_RIGHT = 10;
export const MIN_NODE_WIDTH = 110;

/** Characters (code points) of a string, so an emoji or CJK name is never cut in half. */
function chars(s: string): string[] {
  return Array.from(s);
}

/** Characters kept before the ellipsis of a cut label; the rest of the budget goes to its end. */
const HEAD_CHARS = 14;

/**
 * The label as drawn: single line, at most MAX_LABEL_CHARS characters. A longer one is cut in the
 * middle (`/home/ubuntu/p…/pybo/static/`): the end of a path or a name is what tells nodes apart.
 */
export function displayLabel(label: string): string {
  const flat = label.replace(/\s+/g, ' ').trim();
  const cs = chars(flat);
  return cs.length <= MAX_LABEL_CHARS ? flat : cs.slice(0, HEAD_CHARS).join('') + '…' + cs.slice(cs.length - (MAX_LABEL_CHARS - HEAD_CHARS - 1)).join('');
}

/**
 * The label without the kind word the caption above it already says (`location /static/` under
 * "location" shows `/static/`): the picture gets narrower, the card and aria-label keep the full text.
 */
export function shortLabel(kind: string, label: string): string {
  const word = { location: 'location ', server: 'server ', upstream: 'upstream ', gunicorn: 'gunicorn ' }[kind];
  return word && label.startsWith(word) && label.length > word.length ? label.slice(word.length) : label;
}

/** Width of a node whose label and caption are these. */
export function nodeWidth(label: string, caption: string): number {
  const text = Math.max(chars(displayLabel(label)).length * CHAR_WIDTH, chars(caption).length * CAPTION_FONT * 0.6);
  return Math.max(MIN_NODE_WIDTH, Math.ceil(PAD_LEFT + text + PAD_RIGHT));
}
