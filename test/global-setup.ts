import { buildCliForTests } from './cli/cli-build';

/** Runs once before the suites: prepares what several suites share. */
export default function globalSetup(): void {
  buildCliForTests();
}
