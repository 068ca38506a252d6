//! A product's poster: cover picture, title, price, the seller's name and avatar,
//! the link's QR code and the shop's accent colour, drawn on a canvas and shown as
//! a PNG `<img>` (long-press "save image" works in in-app browsers), with a
//! download link where downloads work.

use crate::i18n::money::format_money;
use crate::i18n::Msg;
use crate::share::qr::qr_path;
use crate::shop::{use_shop, Held, ShopContext};
use crate::web::canvas::{css_token, Canvas};
use leptos::prelude::*;
use leptos::task::spawn_local;
use microshop_core::Product;

/// The poster's size in pixels (2:3, sharp on a phone and on A5 paper at 130 dpi).
pub const WIDTH: u32 = 720;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 1080;

/// A CSS font of `size` (and weight) in the system's interface face, with CJK faces named.
macro_rules! font {
    ($size:literal) => {
        concat!(
            $size,
            " system-ui, -apple-system, \"Noto Sans CJK SC\", \"PingFang SC\", sans-serif"
        )
    };
}

/// The price a poster shows: the product's one price, or "from" the lowest.
fn price_text(shop: ShopContext, product: &Product) -> String {
    let locale = shop.locale.get_untracked();
    let low = product.lowest_price();
    let amount = format_money(low, shop.manifest.currency, &locale);
    if product.variants.iter().all(|v| product.price_of(v) == low) {
        return amount;
    }
    let words = crate::i18n::Words::new(locale, &shop.manifest.texts);
    let (before, after) = words.around(Msg::From, "price");
    [before, amount.as_str(), after].concat()
}

/// Draws the poster of `product` with the QR code of `url`; the PNG as a `data:` URL.
pub async fn draw(shop: ShopContext, product: Held, url: String) -> Option<String> {
    let (w, h) = (f64::from(WIDTH), f64::from(HEIGHT));
    let canvas = Canvas::new(WIDTH, HEIGHT)?;
    let accent = css_token("--color-accent").unwrap_or_else(|| "#b5482a".to_owned());
    let on_accent = css_token("--color-accent-text").unwrap_or_else(|| "#fff".to_owned());
    let locale = shop.locale.get_untracked();
    let text = |t: &microshop_core::Text| t.get(&locale, shop.manifest.default_locale()).to_owned();
    let seller = &shop.manifest.seller;

    canvas.rect(0.0, 0.0, w, h, "#fff");
    // The seller, on the shop's colour.
    canvas.rect(0.0, 0.0, w, 136.0, &accent);
    let name_x = match &seller.avatar {
        Some(avatar)
            if canvas
                .image(&shop.asset(avatar), 32.0, 28.0, 80.0, 80.0, true)
                .await =>
        {
            136.0
        }
        _ => 40.0,
    };
    canvas.text(
        &text(&seller.name),
        (name_x, 82.0),
        font!("600 36px"),
        &on_accent,
        w - name_x - 40.0,
        false,
    );
    // The product's cover, or a quiet block where it cannot be drawn.
    let cover = product.images.first().map(|i| shop.asset(i));
    let drawn = match cover {
        Some(src) => canvas.image(&src, 40.0, 176.0, 640.0, 560.0, false).await,
        None => false,
    };
    if !drawn {
        canvas.rect(40.0, 176.0, 640.0, 560.0, "#eee");
    }
    // Title and price beside the code.
    canvas.text(
        &text(&product.title),
        (40.0, 820.0),
        font!("700 40px"),
        "#111",
        400.0,
        false,
    );
    canvas.text(
        &price_text(shop, &product),
        (40.0, 884.0),
        font!("600 36px"),
        &accent,
        400.0,
        false,
    );
    // The QR code at a whole number of pixels per module, black on white, quiet zone included.
    if let Some(qr) = qr_path(&url) {
        let scale = (216 / qr.size).max(1);
        let side = f64::from(scale * qr.size);
        let (x, y) = (680.0 - side, 772.0);
        canvas.rect(x, y, side, side, "#fff");
        canvas.path(&qr.d, x, y, f64::from(scale), "#000");
        canvas.text(
            crate::i18n::Words::new(locale.clone(), &shop.manifest.texts).t(Msg::ScanToOpen),
            (x + side / 2.0, y + side + 30.0),
            font!("24px"),
            "#555",
            side,
            true,
        );
    }
    canvas.rect(0.0, h - 32.0, w, 32.0, &accent);
    canvas.png()
}

/// The poster: made when opened, shown as a picture, with a download link.
#[component]
pub fn PosterView(
    /// The link the QR code carries.
    url: Signal<String>,
) -> impl IntoView {
    let shop = use_shop();
    // None: being made; Some(None): the browser could not.
    let png = RwSignal::new(None::<Option<String>>);
    let link = url.get_untracked();
    // The product page's product, held by the drawing across its awaits and by the
    // picture's text, whatever happens to the page.
    let product = crate::shop::shown();
    let file = [product.id.as_str(), "-poster.png"].concat();
    let drawn = product.clone();
    spawn_local(async move {
        png.set(Some(draw(shop, drawn, link).await));
    });
    view! {
        <div class="share__panel poster">
            <p aria-live="polite">
                {move || shop.t(match png.get() {
                    None => Msg::MakingPoster,
                    Some(None) => Msg::PosterFailed,
                    Some(Some(_)) => Msg::HoldToSave,
                })}
            </p>
            // Erased (`into_any`): an optional view whose render effect the first load has,
            // not one shared with `trust` and `buying` (docs/performance.md, share).
            {move || png.get().flatten().map(|src| view! {
                <img class="poster__image" src=src.clone() width="360" height="540"
                    alt=[shop.t(Msg::Poster), ": ", &shop.text(&product.title)].concat()/>
                <a class="button" href=src download=file.clone()>{shop.t(Msg::DownloadPoster)}</a>
            }
            .into_any())}
        </div>
    }
}
