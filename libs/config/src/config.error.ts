export interface ConfigIssue {
  /** Dotted key path ("server.listen.port"); '' for problems with the file as a whole. */
  readonly path: string;
  readonly message: string;
}

/** Every problem found in a config file, so an operator can fix them all in one pass. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(ConfigError.describe(source, issues));
  }

  private static describe(source: string, issues: readonly ConfigIssue[]): string {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    const lines = issues.map((issue) =>
      issue.path === '' ? `  ${issue.message}` : `  ${issue.path}: ${issue.message}`,
    );
    return [`invalid config file ${source} (${count}):`, ...lines].join('\n');
  }
}
