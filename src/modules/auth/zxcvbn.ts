/** The zxcvbn-ts strength estimator, configured once with the common dictionaries. */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

const factory = new ZxcvbnFactory({
  dictionary: { ...common.dictionary },
  graphs: common.adjacencyGraphs,
});

/** Scores 0-4; `userInputs` are context words that make a guess cheaper. */
export function estimateStrength(password: string, userInputs: readonly string[]): number {
  return factory.check(password, [...userInputs]).score;
}
