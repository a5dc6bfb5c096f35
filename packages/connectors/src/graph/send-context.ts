/**
 * Runs one Graph send for a connector: licence check, API for the mailbox,
 * upload telemetry.
 * @module
 */

import type { OutgoingMessage, SendContext, SendResult } from '../contract';
import type { TokenSource } from '../oauth/providers';
import { GraphApi } from './client';
import { assertGraphLicence } from './licence';
import { type GraphRuntime, settingsFor } from './runtime';
import { type GraphSendTarget, sendThroughGraph } from './send';

/** Sends through Graph with the given token and addressing. */
export async function runGraphSend(
  runtime: GraphRuntime,
  message: OutgoingMessage,
  ctx: SendContext,
  how: {
    token: TokenSource;
    /** App-only or a signed-in user's delegated token (which permission the errors name). */
    kind: 'app' | 'delegated';
    mailbox: string;
    path: string;
    from: GraphSendTarget['from'];
    connectHint?: string;
  },
): Promise<SendResult> {
  assertGraphLicence(message.user.licence);
  const api = new GraphApi({
    settings: settingsFor(runtime, ctx),
    token: how.token,
    mailbox: how.mailbox,
    signal: ctx.signal,
    connectHint: how.connectHint,
    permissionKind: how.kind,
    sendingAs: how.from?.address,
  });
  return sendThroughGraph({ api, path: how.path, from: how.from }, message, {
    chunkBytes: runtime.chunkBytes,
    logger: ctx.logger,
    onUpload: (info) =>
      ctx.telemetry.emit('graph-upload-session', {
        company: ctx.account.company,
        accountId: ctx.account.id,
        emailId: message.emailId,
        size: info.size,
        chunks: info.chunks,
        resumed: info.resumed,
      }),
  });
}
