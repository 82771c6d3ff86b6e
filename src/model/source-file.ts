/** A file as discovered on disk, before templating. */
export interface SourceFile {
  /** Project-relative POSIX path; the identity of the file in spans and the manifest. */
  readonly path: string;
  /** Absolute path on disk. */
  readonly absPath: string;
  /** Text after notebook-export cleanup (MAGIC / DBTITLE lines blanked, not removed, so offsets stay 1:1). */
  readonly text: string;
  /** sha256 of the raw bytes, hex; the compile cache key. */
  readonly hash: string;
}
