import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../contract';
import { splitBaseUrl } from './client';
import { assertGraphLicence } from './licence';
import { base64Length, toGraphMessage } from './message';
import { CLOUDS, graphAppScope, graphDelegatedScope } from './scopes';

const message: OutgoingMessage = {
  emailId: 'e1',
  company: 'c',
  messageId: '<e1@x>',
  from: { address: 'sales@contoso.example' },
  to: [{ address: 'a@b.example', name: 'A' }],
  cc: [{ address: 'c@b.example' }],
  bcc: [],
  replyTo: [{ address: 'reply@contoso.example' }],
  subject: 'S',
  html: undefined,
  text: 'plain',
  headers: { 'X-Ref': '1', 'List-Unsubscribe': '<mailto:u@x>' },
  attachments: [],
  user: { id: 'u', email: undefined, name: undefined, licence: 'full' },
  attempt: 1,
};

describe('toGraphMessage', () => {
  it('builds recipients, a text body and X- headers, and reports headers Graph cannot carry', () => {
    const { json, droppedHeaders } = toGraphMessage(message, undefined);
    expect(json).toEqual({
      subject: 'S',
      body: { contentType: 'Text', content: 'plain' },
      toRecipients: [{ emailAddress: { address: 'a@b.example', name: 'A' } }],
      ccRecipients: [{ emailAddress: { address: 'c@b.example' } }],
      bccRecipients: [],
      replyTo: [{ emailAddress: { address: 'reply@contoso.example' } }],
      internetMessageHeaders: [{ name: 'X-Ref', value: '1' }],
    });
    expect(droppedHeaders).toEqual(['List-Unsubscribe']);
  });

  it('prefers HTML and sets from for shared mailboxes', () => {
    const { json } = toGraphMessage(
      { ...message, html: '<p>x</p>' },
      { address: 'sales@contoso.example', name: 'Sales' },
    );
    expect(json.body).toEqual({ contentType: 'HTML', content: '<p>x</p>' });
    expect(json.from).toEqual({
      emailAddress: { address: 'sales@contoso.example', name: 'Sales' },
    });
  });

  it('computes base64 lengths', () => {
    expect([base64Length(0), base64Length(1), base64Length(3), base64Length(3_000_000)]).toEqual([
      0, 4, 4, 4_000_000,
    ]);
  });
});

describe('Graph URLs and scopes', () => {
  it('splits base URLs, including sovereign clouds and path prefixes', () => {
    expect(splitBaseUrl('https://graph.microsoft.com/v1.0')).toEqual({
      origin: 'https://graph.microsoft.com',
      host: 'https://graph.microsoft.com',
      version: 'v1.0',
    });
    expect(splitBaseUrl('http://127.0.0.1:4000/proxy/graph/beta/')).toEqual({
      origin: 'http://127.0.0.1:4000',
      host: 'http://127.0.0.1:4000/proxy/graph',
      version: 'beta',
    });
  });

  it('builds scopes on the configured Graph resource, whatever host serves Graph', () => {
    expect(graphAppScope(CLOUDS['us-government'].graphResource)).toBe(
      'https://graph.microsoft.us/.default',
    );
    expect(CLOUDS.china.authority).toBe('https://login.chinacloudapi.cn');
    const delegated = graphDelegatedScope('https://graph.microsoft.com', true);
    expect(delegated.split(' ')).toEqual([
      'https://graph.microsoft.com/Mail.Send',
      'https://graph.microsoft.com/Mail.ReadWrite',
      'https://graph.microsoft.com/Mail.Send.Shared',
      'offline_access',
      'openid',
      'profile',
    ]);
  });
});

describe('licence rule', () => {
  it('refuses delegated admins and external accountants only', () => {
    expect(() => assertGraphLicence('delegated-admin')).toThrow(/Delegated administrators/);
    expect(() => assertGraphLicence('external-accountant')).toThrow(/External accountants/);
    for (const ok of ['full', 'limited', 'team-member'] as const) {
      expect(() => assertGraphLicence(ok)).not.toThrow();
    }
  });
});
