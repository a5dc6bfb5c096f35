import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './errors';
import { PoolReplies } from './pool-replies';

describe('pool replies', () => {
  it("puts the server's reply back on the pool's bare give-up error of that message", () => {
    const replies = new PoolReplies();
    replies.logger.info(
      { tnx: 'pool', messageId: '<e1@x>' },
      'Connection #%s was closed by the server before message %s was sent: %s',
      3,
      '<e1@x>',
      'Mail command failed: 421 4.3.2 Too many messages on this connection',
    );
    const bare = Object.assign(
      new Error('Reached maximum number of retries after connection was closed'),
      { code: 'ECONNECTION' },
    );
    const explained = replies.explain(bare, '<e1@x>');
    expect(explained).toMatchObject({ responseCode: 421, code: 'ECONNECTION' });
    const { error } = classifySmtpError(explained);
    expect(error).toMatchObject({ code: 'PROVIDER_THROTTLED', retry: true, providerStatus: 421 });
    // Other messages and other errors pass unchanged.
    expect(replies.explain(bare, '<e2@x>')).toBe(bare);
    const other = new Error('boom');
    expect(replies.explain(other, '<e1@x>')).toBe(other);
  });
});
