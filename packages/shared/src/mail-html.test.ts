import { describe, expect, it } from 'vitest';
import { sanitize } from './mail-html';

describe('mail-safe HTML', () => {
  it('keeps text formatting styles from an editor', () => {
    expect(
      sanitize(
        '<p><span style="color: rgb(192, 0, 0); font-family: Georgia, serif; font-size: 20px">Hi</span> <strong>there</strong></p>',
      ),
    ).toBe(
      '<p><span style="color:rgb(192, 0, 0);font-family:Georgia, serif;font-size:20px">Hi</span> <strong>there</strong></p>',
    );
  });

  it('drops styles that are not text formatting, and script', () => {
    expect(
      sanitize(
        '<p style="position:fixed;background:url(https://t.example/x);color:red" onclick="x()">a<script>x()</script></p>',
      ),
    ).toBe('<p style="color:red">a</p>');
  });
});
