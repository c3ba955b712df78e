import { FormulaResults } from '../../../../src/config/spreadsheet/formula-results';

const ROW =
  '<row r="6"><c r="A6" t="s"><v>0</v></c><c r="B6" t="e"><f>A1/0</f><v>#DIV/0!</v></c><c r="C6" t="b"><f>A1&gt;0</f><v>1</v></c>' +
  '<c r="D6" t="b"><f>A1&lt;0</f><v>0</v></c><c r="E6" t="e"><v>#N/A</v></c><c r="F6" t="b"><v>1</v></c><c r="G6" t="e"/>' +
  '<c r=\'H6\' t=\'e\'><f t="shared" si="0"/><v>#REF!</v></c><c r="I6"><f>1+1</f><v>2</v></c></row>';

async function watched(chunks: string[]): Promise<{ results: FormulaResults; passed: string }> {
  const results = new FormulaResults();
  async function* source() {
    yield* chunks;
  }
  let passed = '';
  for await (const chunk of results.watch(source())) passed += chunk;
  return { results, passed };
}

const taken = (results: FormulaResults): unknown[] => ['B6', 'C6', 'D6', 'E6', 'F6', 'G6', 'H6', 'I6'].map((ref) => results.take(ref));
const EXPECTED = [{ error: '#DIV/0!' }, true, false, undefined, undefined, undefined, { error: '#REF!' }, undefined];

describe('FormulaResults', () => {
  it('notes the error and boolean results of formula cells only, and passes the XML on unchanged', async () => {
    const { results, passed } = await watched([ROW]);
    expect(passed).toBe(ROW);
    expect(taken(results)).toEqual(EXPECTED);
  });

  it('hands each result out once', async () => {
    const { results } = await watched([ROW]);
    expect(results.take('B6')).toEqual({ error: '#DIV/0!' });
    expect(results.take('B6')).toBeUndefined();
  });

  it('finds the same results wherever the chunks split the XML', async () => {
    for (let cut = 1; cut < ROW.length; cut++) {
      const { results, passed } = await watched([ROW.slice(0, cut), ROW.slice(cut)]);
      expect(passed).toBe(ROW);
      expect(taken(results)).toEqual(EXPECTED);
    }
    const { results } = await watched(ROW.split(''));
    expect(taken(results)).toEqual(EXPECTED);
  });

  it('gives up on a cell too long to be a real formula rather than hold it', async () => {
    const huge = `<c r="A1" t="e"><f>${'x'.repeat(100_000)}</f><v>#N/A</v></c>`;
    const chunks = huge.match(/[\s\S]{1,4096}/g)!;
    const { results, passed } = await watched(chunks);
    expect(passed).toBe(huge);
    expect(results.take('A1')).toBeUndefined();
  });
});
