// The profanity filter for anything pupils can write (class chat now, whiteboard text
// later): obscenity's English dataset with its look-alike transformers (b1tch, sh!t).
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

export const containsProfanity = (text: string): boolean => matcher.hasMatch(text);
