/**
 * The message of a finding as CDK prints it on synth: the finding id first, so a reader of `cdk synth` output sees
 * which rule to look up or acknowledge (`ApiBaseline-StageWebAcl: The API Gateway stage is not ...`).
 */
export function withFindingId(findingId: string, description: string): string {
  return description.startsWith(`${findingId}: `) ? description : `${findingId}: ${description}`;
}

/** The message of a finding without the id `withFindingId` put in front of it (reports show the id on its own). */
export function withoutFindingId(findingId: string, description: string): string {
  return description.startsWith(`${findingId}: `) ? description.slice(findingId.length + 2) : description;
}
