package io.meterhub.platform.console;

import com.microsoft.playwright.Page;
import java.util.List;

/** Accessibility checks run inside the page: text contrast (WCAG 2.1 AA) and a visible focus indicator. */
public final class PageChecks {

  /**
   * For every visible element with its own text: the contrast of its colour against the first opaque background
   * among it and its ancestors. AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
   */
  private static final String CONTRAST = """
      () => {
        const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
        const lum = ([r, g, b]) => {
          const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const background = el => {
          for (let e = el; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
          }
          return [255, 255, 255];
        };
        const failures = [];
        for (const el of document.querySelectorAll('body *')) {
          const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
          const style = getComputedStyle(el);
          if (!own || !el.getClientRects().length || style.visibility === 'hidden' || +style.opacity === 0) continue;
          if (el.closest('[aria-hidden=true]')) continue;
          const fg = lum(rgb(style.color).slice(0, 3));
          const bg = lum(background(el));
          const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
          const size = parseFloat(style.fontSize);
          const large = size >= 24 || (size >= 18.66 && +style.fontWeight >= 700);
          if (ratio < (large ? 3 : 4.5)) {
            failures.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
          }
        }
        return failures;
      }
      """;

  private PageChecks() {}

  /** Texts on the page whose contrast is below WCAG AA; empty when all pass. */
  @SuppressWarnings("unchecked")
  public static List<String> contrastFailures(Page page) {
    return (List<String>) page.evaluate(CONTRAST);
  }

  /** The id (or tag) of the focused element and whether it shows a focus outline. */
  public static String focused(Page page) {
    return (String) page.evaluate("() => { const e = document.activeElement; "
        + "const o = getComputedStyle(e).outlineStyle; "
        + "return (e.id || e.tagName.toLowerCase()) + (o && o !== 'none' ? '+outline' : ''); }");
  }
}
