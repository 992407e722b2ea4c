import type { ProjectHost } from '../../common/host';
import type { PathMapper } from '../pathmap';

/** What every launcher reader may use besides the file's own text. */
export interface ReaderContext {
  host: ProjectHost;
  /** The workspace root (absolute). */
  root: string;
  /** Server paths to workspace paths (EnvironmentFile=, entrypoint scripts). */
  paths: PathMapper;
}
