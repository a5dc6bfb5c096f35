import { describe, expect, it } from 'vitest';
import { cleanComposedHtml } from './composed-html';

describe('cleanComposedHtml', () => {
  it('keeps the editor’s formatting', () => {
    const html =
      '<p>Dear <strong>customer</strong>, <em>please</em> <u>pay</u> <span style="color: #c00; font-family: Georgia, serif; font-size: 20px">now</span>.</p><ul><li>one</li></ul><ol><li>two</li></ol><p><a href="https://pay.example/x">pay</a> <img src="https://cdn.example/logo.png" alt="logo"></p>';
    // Only serialisation changes (style spacing, void elements).
    expect(cleanComposedHtml(html)).toBe(
      html.replace(/: /g, ':').replace(/; /g, ';').replace('alt="logo">', 'alt="logo" />'),
    );
  });

  it('drops script, handlers, frames and javascript: links', () => {
    const cleaned = cleanComposedHtml(
      '<p onclick="steal()">Hi<script>steal()</script><iframe src="https://evil.example"></iframe><a href="javascript:steal()">x</a><img src="x" onerror="steal()"><span style="position:fixed;background:url(https://t.example)">t</span></p>',
    );
    expect(cleaned).toBe('<p>Hi<a>x</a><img src="x" /><span>t</span></p>');
  });
});
