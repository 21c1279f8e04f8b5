package org.opendtm.support;

/**
 * Scripts that browser tests run in a page, the same for Chromium (Selenium) and Firefox (BiDi).
 * Each is the body of a function returning a string or a number.
 */
public final class PageChecks {

  private PageChecks() {}

  /**
   * How many pixels the document is wider than its viewport (0 when it fits), followed by the
   * outermost elements that stick out of the viewport without a scrolling ancestor to hold them —
   * the ones to fix. Absolutely positioned elements are listed even inside a scrolling box: they
   * escape it when their containing block lies outside (the cause of the overflow found at 390 px).
   */
  public static final String HORIZONTAL_OVERFLOW =
      """
      const root = document.documentElement;
      const width = root.clientWidth;
      const excess = root.scrollWidth - width;
      if (excess <= 0) return '0';
      const names = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
          + (typeof e.className === 'string' && e.className.trim()
              ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
      const held = e => {
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
      };
      const out = [];
      for (const e of document.body.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.right <= width + 0.5) continue;
        const position = getComputedStyle(e).position;
        if (held(e) && position !== 'absolute' && position !== 'fixed') continue;
        const parent = e.parentElement.getBoundingClientRect();
        if (e.parentElement !== document.body && parent.right > width + 0.5) continue;
        out.push(names(e) + ' right=' + Math.round(r.right));
        if (out.length === 15) break;
      }
      return excess + ' px too wide: ' + out.join('; ');
      """;

  /**
   * The links of the operation bar that do not fit the viewport ("" when all fit: the bar wraps or
   * scrolls itself), or "no bar".
   */
  public static final String OPERATION_BAR_OVERFLOW =
      """
      const bar = document.querySelector('.operation-nav');
      if (!bar) return 'no bar';
      const width = document.documentElement.clientWidth;
      const box = bar.getBoundingClientRect();
      const out = [];
      for (const a of bar.querySelectorAll('a')) {
        const r = a.getBoundingClientRect();
        const reachable = bar.scrollWidth > bar.clientWidth || r.right <= Math.min(width, box.right) + 0.5;
        if (!reachable || r.left < -0.5) out.push(a.textContent.trim());
      }
      return out.join(', ');
      """;

  /**
   * The markers Thymeleaf writes for messages it cannot find ({@code ??key_locale??}) in the page's
   * text (screen-reader-only text included) and in the attributes people read or hear (aria-label,
   * title, alt, placeholder), comma-separated; empty when there are none. Script bodies are not
   * looked at ({@code ??} is also JavaScript's nullish-coalescing operator).
   */
  public static final String MISSING_MESSAGES =
      """
      const texts = [document.body.innerText, document.title];
      for (const e of document.querySelectorAll('[aria-label],[title],[alt],[placeholder]')) {
        for (const a of ['aria-label', 'title', 'alt', 'placeholder']) {
          if (e.hasAttribute(a)) texts.push(e.getAttribute(a));
        }
      }
      const found = new Set();
      for (const t of texts) {
        for (const m of (t || '').match(/\\?\\?[^?\\n]{1,80}\\?\\?/g) || []) found.add(m);
      }
      return Array.from(found).join(', ');
      """;
}
