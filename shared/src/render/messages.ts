/**
 * The messages between the topology webview and the extension: discriminated unions, one file
 * imported by both sides (client/src/preview and client/src/webview). The webview is the less
 * trusted side: the extension checks every message it receives with `isFromWebview`.
 */
import type { AppUrl, DeploymentGraph, GraphRoute, GraphSource } from '../graph';

/** Extension -> webview. */
export type ToWebview =
  /** A (new) graph for the folder; `version` increases with each analysis. */
  | { type: 'graph'; folderUri: string; folderName: string; graph: DeploymentGraph; version: number }
  /** The answer to a `tryUrl`: the path to highlight and its explanation. */
  | { type: 'route'; route: GraphRoute }
  /** The app's URLs with their outcome (answer to `appUrls`). */
  | { type: 'appUrls'; urls: AppUrl[] }
  /** Something went wrong on the extension side (the server is not running, ...). */
  | { type: 'error'; message: string }
  /** The "Copy/Save Topology as SVG" commands: the webview answers with an `export` message. */
  | { type: 'requestExport'; action: 'copy' | 'save' }
  /** Select a node (the editor tests; a future "reveal in topology"). */
  | { type: 'select'; id: string };

/** Webview -> extension. */
export type FromWebview =
  /** The script has started and listens; the extension sends the current graph. */
  | { type: 'ready' }
  /** Show this source range in the editor (a click or Enter on a node or edge). */
  | { type: 'reveal'; source: GraphSource }
  /** Apply the quick fix with this title to the finding with this code at this range. */
  | { type: 'quickFix'; source: GraphSource; code: string; title: string }
  /** Route a URL through the deployment. */
  | { type: 'tryUrl'; url: string }
  /** List the app's URLs with their outcomes. */
  | { type: 'appUrls' }
  /** The picture as a standalone SVG file, to copy or save. */
  | { type: 'export'; action: 'copy' | 'save'; svg: string }
  /** A graph was drawn (for the editor tests and the timing log). */
  | { type: 'rendered'; version: number; nodes: number; ms: number; layoutMs: number; laidOut: boolean };

/** What the webview keeps across reloads (`getState`/`setState`, restored by the panel serializer). */
export interface PreviewState {
  folderUri?: string;
  zoom: number;
  panX: number;
  panY: number;
  /** The selected node or edge id. */
  selected?: string;
  /** The last URL tried. */
  url?: string;
  /** The URL list is open. */
  showUrls?: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isSource(v: unknown): v is GraphSource {
  return isObj(v) && isStr(v.file) && isNum(v.start) && isNum(v.end) && isNum(v.line) && isNum(v.character);
}

/** Validates a message from the webview (anything else is dropped). */
export function isFromWebview(m: unknown): m is FromWebview {
  if (!isObj(m) || !isStr(m.type)) return false;
  switch (m.type) {
    case 'ready':
    case 'appUrls':
      return true;
    case 'reveal':
      return isSource(m.source);
    case 'quickFix':
      return isSource(m.source) && isStr(m.code) && isStr(m.title);
    case 'tryUrl':
      return isStr(m.url) && m.url.length <= 8192;
    case 'export':
      return (m.action === 'copy' || m.action === 'save') && isStr(m.svg) && m.svg.length < 64 * 1024 * 1024;
    case 'rendered':
      return isNum(m.version) && isNum(m.nodes) && isNum(m.ms) && isNum(m.layoutMs) && typeof m.laidOut === 'boolean';
    default:
      return false;
  }
}
