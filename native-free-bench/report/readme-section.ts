// The README's benchmark section is written by the bench itself, never typed by hand: the
// markdown of a full run replaces what stands between the bench markers in README.md.
import { readFileSync, writeFileSync } from 'node:fs';

/** README text with the section between the markers replaced; throws when the markers are missing. */
export function withBenchSection(readme: string, resultsMarkdown: string, command: string, marker = 'bench', resultsFile = 'latest.md'): string {
  const START = `<!-- ${marker}:start -->`;
  const END = `<!-- ${marker}:end -->`;
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README has no ${START} … ${END} markers`);
  // the results file's own title would nest badly under the README's "Benchmarks" heading
  const body = resultsMarkdown.replace(/^# .*\n+/, '').replace(/^## /gm, '### ').trimEnd();
  const section = `${START}\nProduced by \`${command}\` (full details: [native-free-bench/results/${resultsFile}](native-free-bench/results/${resultsFile})).\n\n${body}\n`;
  return readme.slice(0, from) + section + readme.slice(to);
}

export function updateReadme(readmePath: string, resultsMarkdown: string, command: string, marker = 'bench', resultsFile = 'latest.md'): void {
  writeFileSync(readmePath, withBenchSection(readFileSync(readmePath, 'utf8'), resultsMarkdown, command, marker, resultsFile));
}

/** README text with what stands between `<!-- name:start -->` and `<!-- name:end -->` replaced by `body` */
export function withMarkedSection(readme: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} markers`);
  return `${readme.slice(0, from)}${start}\n${body.trimEnd()}\n${readme.slice(to)}`;
}
