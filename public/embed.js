// microshop embed snippet: turns each <div data-microshop="https://SHOP/p/ID/"
// data-layout="card|grid|shop"> into a frame of that shop, sized to its content.
// The frame says its height with postMessage; only messages from that frame's
// window and the shop's origin are taken. See docs/embedding.md.
(function () {
  'use strict';
  var HEIGHTS = { card: 560, grid: 720, shop: 900 };
  var frames = [];

  function layoutOf(el, url) {
    var asked = el.getAttribute('data-layout');
    if (HEIGHTS.hasOwnProperty(asked)) return asked;
    return /\/p\/[^/]+\/?$/.test(url.pathname) ? 'card' : 'grid';
  }

  function embed(el) {
    var url;
    try { url = new URL(el.getAttribute('data-microshop'), document.baseURI); } catch (e) { return; }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
    var layout = layoutOf(el, url);
    url.searchParams.set('embed', layout);
    url.searchParams.set('parent', location.origin);
    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = el.getAttribute('data-title') || el.getAttribute('aria-label') || 'Shop';
    frame.loading = 'lazy';
    frame.setAttribute('allow', 'clipboard-write; web-share');
    // The frame starts as tall as the element's reserved room (its min-height), else the
    // layout's usual height, so the page does not jump before the shop says its own.
    var start = el.offsetHeight || HEIGHTS[layout];
    frame.style.cssText = (el.getAttribute('style') || '') + ';display:block;width:100%;border:0';
    frame.style.minHeight = '';
    frame.style.height = start + 'px';
    frame.className = el.className;
    frames.push({ frame: frame, origin: url.origin });
    el.parentNode.replaceChild(frame, el);
  }

  function scan() {
    var found = document.querySelectorAll('div[data-microshop]');
    for (var i = 0; i < found.length; i++) embed(found[i]);
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.microshop !== 'size') return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (event.source !== f.frame.contentWindow || event.origin !== f.origin) continue;
      var height = Math.ceil(Number(data.height));
      if (height > 0 && height < 100000) f.frame.style.height = height + 'px';
      return;
    }
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
})();
