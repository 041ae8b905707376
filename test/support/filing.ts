import { eventually, TestNode } from './test-node';

/** Files a report as its reporting entity through intake, and waits until the worker has analysed it. */
export async function fileAnalysed(node: TestNode, apiKey: string, report: object): Promise<string> {
  const response = await node.intake.inject({
    method: 'POST',
    url: '/v1/reports',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    payload: JSON.stringify(report),
  });
  if (response.statusCode !== 201) throw new Error(`filing answered ${response.statusCode}: ${response.body}`);
  const id = response.json().id as string;
  await eventually(async () => ((await node.dataSource.query('SELECT status FROM reports WHERE id = $1', [id]))[0].status === 'analysed' ? true : undefined), 20_000, `report ${id} to be analysed`);
  return id;
}
