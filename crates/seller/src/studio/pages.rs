//! The studio's pages: its first page (the parts of the shop, each with its
//! problem count, and problems that belong to no part), and a frame every page
//! shares (the shop read once, the back link, the save bar).

use super::savebar::SaveBar;
use super::state::{ensure_loaded, use_studio};
use crate::api::APP;
use crate::i18n::{Msg, Say};
use crate::session::{error_text, use_session, use_words};
use crate::web::page;
use leptos::prelude::*;
use microshop_seller_model::problems::{field_id, page_of, Page};

pub use super::catalog::ProductsPage;
pub use super::exports::ExportPage;
pub use super::look::LookPage;
pub use super::preview::PreviewPage;
pub use super::product::ProductPage;
pub use super::profile::ProfilePage;
pub use super::selling::SellingPage;

/// A studio page: read the shop first, then `children`, with the save bar.
#[component]
pub fn StudioFrame(
    /// The page's name (its `h1` and title).
    title: String,
    /// Whether to link back to the studio's first page.
    #[prop(optional)]
    back: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let studio = use_studio();
    ensure_loaded();
    page::set_title(&format!(
        "{title} · {}",
        session.me.with_value(|m| m.shop_name.clone())
    ));
    let heading = title.clone();
    view! {
        {back.then(|| view! { <p class="back"><a href=format!("{APP}/studio")>{w.t(Msg::BackToStudio)}</a></p> })}
        <h1>{heading}</h1>
        {move || match studio.loaded.get() {
            None => view! { <p class="muted">{w.t(Msg::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! {
                <p class="problem" role="alert">{error_text(&w, &e)}</p>
                <p><button type="button" class="button" on:click=move |_| studio.load(session, true)>{w.t(Msg::TryAgain)}</button></p>
            }.into_any(),
            Some(Ok(())) => view! {
                <Show when=move || studio.restored.get()>
                    <div class="notice" role="status">
                        <p>{w.t(Msg::DraftRestored)}</p>
                        <button type="button" class="button button--secondary" on:click=move |_| studio.discard(session)>
                            {w.t(Msg::DropChanges)}
                        </button>
                    </div>
                </Show>
                {children()}
                <SaveBar/>
            }.into_any(),
        }}
    }
}

/// `/_seller/studio`: the parts of the shop.
#[component]
pub fn StudioHome() -> impl IntoView {
    let w = use_words();
    view! {
        <StudioFrame title=w.t(Msg::StudioTitle).to_owned()>
            <StudioIndex/>
        </StudioFrame>
    }
}

#[component]
fn StudioIndex() -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let count = move |which: fn(Page) -> bool| {
        move || {
            studio
                .checked
                .with(|c| c.errors.iter().filter(|p| which(page_of(&p.path))).count())
        }
    };
    let products = Memo::new(move |_| {
        studio
            .draft
            .with(|d| microshop_seller_model::draft::list(d, "catalog.products").len())
    });
    let link = move |href: &'static str,
                     label: Msg,
                     problems: Option<Box<dyn Fn() -> usize + Send + Sync>>,
                     extra: Option<Box<dyn Fn() -> String + Send + Sync>>| {
        let problems = problems.map(|f| {
            move || {
                let n = f();
                (n > 0).then(|| view! { <span class="section-link__count">{w.problems_count(u32::try_from(n).unwrap_or(u32::MAX))}</span> })
            }
        });
        view! {
            <li>
                <a class="section-link" href=format!("{APP}/studio/{href}")>
                    <span>{w.t(label)}{extra.map(|e| view! { <span class="muted">" · "{move || e()}</span> })}</span>
                    {problems}
                </a>
            </li>
        }
    };
    let others = move || {
        studio.checked.with(|c| {
            c.errors
                .iter()
                .filter(|p| page_of(&p.path) == Page::Other)
                .map(|p| (p.path.clone(), p.message.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="section-links">
            {link("profile", Msg::SectionProfile, Some(Box::new(count(|p| p == Page::Profile))), None)}
            {link("products", Msg::SectionProducts,
                Some(Box::new(count(|p| matches!(p, Page::Products | Page::Product(_))))),
                Some(Box::new(move || w.products_count(u32::try_from(products.get()).unwrap_or(u32::MAX)))))}
            {link("selling", Msg::SectionSelling, Some(Box::new(count(|p| p == Page::Selling))), None)}
            {link("look", Msg::SectionLook, Some(Box::new(count(|p| p == Page::Look))), None)}
            {link("preview", Msg::SectionPreview, None, None)}
            {link("export", Msg::SectionExport, None, None)}
        </ul>
        <FileProblems/>
        {move || {
            let list = others();
            (!list.is_empty()).then(|| view! {
                <section aria-labelledby="other-problems">
                    <h2 id="other-problems">{w.t(Msg::OtherProblems)}</h2>
                    <ul class="problem-list">
                        {list.into_iter().map(|(path, message)| view! {
                            <li><code>{path.clone()}</code>" "<span lang="en">{message}</span></li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
    }
}

/// The problems of the shop's files that only the server sees (a spreadsheet
/// catalog's above all), as `microshop check` says them: one repeated on many rows
/// is one line with where ("… — the same on 9,998 rows: 2, 3, 4, …"), so a sheet
/// with one mistake on 10,000 rows is one line here, never 10,000.
#[component]
pub fn FileProblems() -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    move || {
        let list = studio.unplaced_file_problems();
        (!list.is_empty()).then(|| view! {
            <section class="notice" aria-labelledby="file-problems">
                <h2 id="file-problems">{w.t(Msg::FileProblems)}</h2>
                <p class="field__hint">{w.t(Msg::FileProblemsHint)}</p>
                <ul class="problem-list" data-file-problems="">
                    {list.into_iter().map(|g| view! { <li lang="en">{g.said}</li> }).collect_view()}
                </ul>
            </section>
        })
    }
}

/// The errors of one studio page, each linking to its field (the list a
/// refused save points to).
#[component]
pub fn PageProblems(#[prop(into)] which: Callback<Page, bool>) -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    move || {
        let list: Vec<(String, String)> = studio.checked.with(|c| {
            c.errors
                .iter()
                .filter(|p| which.run(page_of(&p.path)))
                .map(|p| (p.path.clone(), p.message.clone()))
                .collect()
        });
        (!list.is_empty()).then(|| view! {
            <section class="notice" aria-labelledby="page-problems">
                <h2 id="page-problems">{w.problems_here(u32::try_from(list.len()).unwrap_or(u32::MAX))}</h2>
                <ul class="problem-list">
                    {list.into_iter().map(|(path, message)| {
                        let id = field_id(&path);
                        let at = path.clone();
                        view! {
                            <li>
                                <a href=format!("#{id}") on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_path(&at);
                                }><span lang="en">{message}</span></a>
                                " "<code class="muted">{path}</code>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}

/// Moves the focus to the field of `path`, or of the nearest place around it that
/// has one (`catalog.products[0].variants` has none of its own: its first field).
pub fn focus_path(path: &str) -> bool {
    let mut at = path.to_owned();
    loop {
        if page::focus(&field_id(&at)) {
            return true;
        }
        match at.rfind(['.', '[']) {
            Some(i) => at.truncate(i),
            None => return false,
        }
    }
}
