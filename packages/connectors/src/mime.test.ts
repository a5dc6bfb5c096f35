import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from './contract';
import { buildMime, contentBytes, toMailOptions } from './mime';

const message: OutgoingMessage = {
  emailId: 'e1',
  company: 'cronus',
  messageId: '<e1.cronus@cronus.example>',
  from: { address: 'sales@cronus.example', name: 'Sales' },
  to: [{ address: 'ap@fabrikam.example', name: 'Accounts Payable' }],
  cc: [{ address: 'ap@fabrikam.example' }],
  bcc: [{ address: 'audit@cronus.example' }],
  replyTo: [],
  subject: 'Factuur 103045 – €',
  html: '<p>Beste klant,</p>',
  text: 'Beste klant,',
  headers: { 'X-Verzend-Email': 'e1' },
  attachments: [
    {
      fileName: 'invoice.pdf',
      contentType: 'application/pdf',
      size: 5,
      inline: false,
      open: async () => Readable.from([Buffer.from('%PDF-')]),
    },
  ],
  user: { id: 'u1', email: 'jane@cronus.example', name: 'Jane', licence: 'full' },
  attempt: 1,
};

describe('buildMime', () => {
  it('builds the whole message with the envelope nodemailer derives: recipients once, Bcc only in the envelope', async () => {
    const options = await toMailOptions(message, { from: message.from });
    const { raw, envelope } = await buildMime(options);
    expect(envelope).toEqual({
      from: 'sales@cronus.example',
      to: ['ap@fabrikam.example', 'audit@cronus.example'],
    });
    const text = raw.toString();
    expect(text).toMatch(/^Message-ID: <e1\.cronus@cronus\.example>\r$/m);
    expect(text).toMatch(/^X-Verzend-Email: e1\r$/m);
    expect(text).not.toMatch(/^Bcc:/im);
    expect(text).toContain('filename=invoice.pdf');
  });

  it('takes the envelope the options set', async () => {
    const options = await toMailOptions(message, { from: message.from });
    options.envelope = { from: 'bounce@cronus.example', to: ['ap@fabrikam.example'] };
    const { raw, envelope } = await buildMime(options);
    expect(envelope).toMatchObject({ from: 'bounce@cronus.example', to: ['ap@fabrikam.example'] });
    expect(raw.toString()).not.toMatch(/^Bcc:/im);
  });
});

describe('contentBytes', () => {
  it('counts the bodies in UTF-8 and the attachments by their stored size', () => {
    expect(contentBytes(message)).toBe(19 + 12 + 5);
    expect(contentBytes({ ...message, html: 'é', text: undefined, attachments: [] })).toBe(2);
  });
});
