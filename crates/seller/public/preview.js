// The studio's preview: this page is the storefront's own index.html (copied at
// build time into the seller app as preview/index.html, see scripts/seller-preview.mjs)
// under the router base /_seller/preview. Before the storefront starts, point it at
// the studio's draft: a same-origin blob: URL the studio put in this frame's
// address after "#". No change to the storefront, no draft on the server.
(function () {
  var draft = decodeURIComponent(location.hash.slice(1));
  var meta = document.querySelector('meta[name="microshop-manifest"]');
  if (meta && draft.indexOf('blob:' + location.origin + '/') === 0) meta.setAttribute('content', draft);
})();
