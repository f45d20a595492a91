/// JavaScript the reader tests run inside pages (through `ReaderBrowser.evaluate`). Each returns
/// plain JSON. They only read the page; the site itself ships no script but search's.
enum ReaderPageScripts {
    /// A short description of an element for failure messages: `a.more "更多…"`.
    private static let describe = """
    const describe = (el) => {
      const cls = (typeof el.className === 'string' && el.className.trim()) ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 30);
      return el.tagName.toLowerCase() + cls + (text ? ' "' + text + '"' : '');
    };
    """

    /// Horizontal overflow: the page's scroll width against the viewport, and the elements that
    /// stick out of it other than inside a box that scrolls sideways itself (`.table-scroll`).
    static let overflow = """
    (() => {
      \(describe)
      const root = document.documentElement;
      const width = root.clientWidth;
      const offenders = [];
      for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width <= 1 || box.right <= width + 1) continue;
        let scroller = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const ox = getComputedStyle(p).overflowX;
          if (ox === 'auto' || ox === 'scroll') { scroller = true; break; }
        }
        if (!scroller) offenders.push(describe(el) + ' (right edge ' + Math.round(box.right) + ' px)');
        if (offenders.length >= 6) break;
      }
      return { scrollWidth: root.scrollWidth, viewport: width, offenders };
    })()
    """

    /// WCAG contrast of every piece of visible text against the background it is painted on
    /// (semi-transparent layers composited; a gradient is judged by its element's background
    /// colour, which the stylesheet sets to the gradient's middle tone). Large text (24 px, or
    /// 18.66 px bold) needs 3:1, other text 4.5:1. Returns the failures.
    static let contrast = """
    (() => {
      \(describe)
      const parse = (value) => {
        const m = /rgba?\\(([^)]+)\\)/.exec(value);
        if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
      };
      const over = (top, bottom) => ({
        r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
        b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
      const luminance = (c) => {
        const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
      };
      const background = (el) => {
        const layers = [];
        for (let n = el; n; n = n.parentElement) {
          const bg = parse(getComputedStyle(n).backgroundColor);
          if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
        }
        let color = { r: 255, g: 255, b: 255, a: 1 };
        for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color);
        return color;
      };
      const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
      const failures = [];
      let checked = 0;
      for (const el of document.body.querySelectorAll('*')) {
        const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!hasText) continue;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        if (style.visibility === 'hidden' || style.display === 'none' || box.width <= 1 || box.height <= 1) continue;
        if (el.closest('svg')) continue;
        const bg = background(el);
        const fg = over(parse(style.color) || { r: 0, g: 0, b: 0, a: 1 }, bg);
        const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        checked++;
        if (ratio < (large ? 3 : 4.5)) {
          failures.push(describe(el) + ': ' + hex(fg) + ' on ' + hex(bg) + ' = ' + ratio.toFixed(2) + ':1');
        }
      }
      return { checked, failures: failures.slice(0, 12) };
    })()
    """

    /// The focused element: what it is, whether it is on screen, and the styles that can show focus.
    /// The element is marked so that `unfocusedStyles` can compare it later.
    static let focused = """
    (() => {
      \(describe)
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      const look = { outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
                     shadow: s.boxShadow, background: s.backgroundColor, color: s.color };
      el.setAttribute('data-reader-focus', JSON.stringify(look));
      return { element: describe(el), className: String(el.className), id: el.id,
               focusVisible: el.matches(':focus-visible'),
               onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth, look };
    })()
    """

    /// Leaves focus, then the same styles of every element `focused` marked, unfocused.
    static let unfocusedStyles = """
    (() => {
      \(describe)
      if (document.activeElement) document.activeElement.blur();
      return [...document.querySelectorAll('[data-reader-focus]')].map((el) => {
        const s = getComputedStyle(el);
        return { element: describe(el), focused: JSON.parse(el.getAttribute('data-reader-focus')),
                 plain: { outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
                          shadow: s.boxShadow, background: s.backgroundColor, color: s.color } };
      });
    })()
    """

    /// How the page lays out for print: which parts show.
    static let printLayout = """
    (() => {
      const shown = (selector) => {
        const el = document.querySelector(selector);
        return el ? getComputedStyle(el).display !== 'none' : null;
      };
      return { navigation: shown('.site-nav'), skipLink: shown('.skip-link'), breadcrumbs: shown('.breadcrumbs'),
               main: shown('main'), footer: shown('.site-footer') };
    })()
    """
}
