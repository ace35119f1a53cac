import { matchLabels, prf, similarity, stems } from './label-matching';

describe('fidelity label matching', () => {
  it('compares content-word stems, ignoring articles, case and inflection', () => {
    expect(stems('Ships the Parcels to the customer')).toEqual(['ship', 'parcel', 'customer']);
    expect(similarity(stems('Shipping parcel'), stems('Ship the parcels'))).toBe(1);
    expect(similarity(stems('Process the address'), stems('Processes addresses'))).toBe(1);
  });

  it('clips a long label to its first eight content words', () => {
    expect(stems('one two three four five six seven eight nine ten')).toHaveLength(8);
  });

  it('matches one to one, best pairs first, above the threshold only', () => {
    const sut = matchLabels(
      ['Check invoice', 'Check invoice amount', 'Pay supplier'],
      ['Check invoice amount', 'Archive invoice'],
    );

    // "Check invoice amount" takes its exact twin; "Check invoice" then shares half its words with "Archive invoice".
    expect(sut).toEqual([
      { generated: 1, reference: 0, score: 1 },
      { generated: 0, reference: 1, score: 0.5 },
    ]);
    expect(matchLabels(['Pay supplier'], ['Archive invoice'])).toEqual([]);
  });

  it('scores precision, recall and F1', () => {
    expect(prf(1, 2, 4)).toEqual({ precision: 0.5, recall: 0.25, f1: 1 / 3 });
    expect(prf(0, 0, 3)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});
