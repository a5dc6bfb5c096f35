import { describe, expect, it } from 'vitest';
import { createVerzendClient } from './index';

describe('createVerzendClient', () => {
  it('sends typed requests to each service with a fresh bearer token', async () => {
    const seen: { url: string; auth: string | null; method: string }[] = [];
    let n = 0;
    const verzend = createVerzendClient({
      baseUrls: {
        config: 'http://config.test',
        dispatcher: 'http://d.test',
        renderer: 'http://r.test',
      },
      token: () => `t${++n}`,
      fetch: async (req) => {
        seen.push({ url: req.url, auth: req.headers.get('authorization'), method: req.method });
        return Response.json({ items: [] });
      },
    });
    const accounts = await verzend.config.GET('/v1/accounts');
    expect(accounts.data?.items).toEqual([]);
    await verzend.dispatcher.GET('/v1/emails/{id}', {
      params: { path: { id: '0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87' } },
    });
    expect(seen).toEqual([
      { url: 'http://config.test/v1/accounts', auth: 'Bearer t1', method: 'GET' },
      {
        url: 'http://d.test/v1/emails/0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87',
        auth: 'Bearer t2',
        method: 'GET',
      },
    ]);
  });

  it('returns the problem body as the error', async () => {
    const verzend = createVerzendClient({
      baseUrls: { config: 'http://c.test', dispatcher: 'http://d.test', renderer: 'http://r.test' },
      fetch: async () =>
        Response.json(
          {
            type: 'x',
            title: 'Not found',
            status: 404,
            detail: 'No such account.',
            code: 'NOT_FOUND',
          },
          { status: 404, headers: { 'content-type': 'application/problem+json' } },
        ),
    });
    const { error } = await verzend.config.GET('/v1/accounts/{id}', {
      params: { path: { id: '0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87' } },
    });
    expect(error).toMatchObject({ code: 'NOT_FOUND', detail: 'No such account.' });
  });
});
