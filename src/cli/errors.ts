/** An input the tool cannot work with: reported on one line; when nothing else could be judged, exit code 2. */
export class UnusableInput extends Error {}
