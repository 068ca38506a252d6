//! The studio's fields: each edits one place of the draft, addressed by the path
//! core's decoder gives its problems, and shows the problems at that path (and
//! inside it) beside itself: the same sentences `microshop check` prints, in
//! English as core writes them. While a field has the focus it shows what was
//! typed, so nothing the draft tidies (a list's commas) moves under the caret.

use super::state::use_studio;
use crate::i18n::Msg;
use crate::session::use_words;
use crate::web::intl;
use leptos::prelude::*;
use microshop_seller_model::draft;
use microshop_seller_model::path::{self, within};
use microshop_seller_model::problems::field_id;
use serde_json::Value;

/// One problem beside a field: whether it stops the shop, and its words.
#[derive(Clone, Debug, PartialEq)]
struct Said {
    error: bool,
    text: String,
}

/// The problems at `path` and inside it: the draft's (errors, then warnings) and
/// the server's from the last save.
fn problems_at(at: &str) -> Vec<Said> {
    let studio = use_studio();
    let mut out: Vec<Said> = studio.checked.with(|c| {
        c.errors
            .iter()
            .map(|p| (true, p))
            .chain(c.warnings.iter().map(|p| (false, p)))
            .filter(|(_, p)| within(&p.path, at))
            .map(|(error, p)| Said {
                error,
                text: p.message.clone(),
            })
            .collect()
    });
    studio.server_problems.with(|list| {
        out.extend(list.iter().filter(|p| within(&p.path, at)).map(|p| Said {
            error: true,
            text: p.message.clone(),
        }))
    });
    out
}

/// The problems beside a field, under the id `id`.
#[component]
pub fn FieldProblems(#[prop(into)] path: String, #[prop(into)] id: String) -> impl IntoView {
    let at = path.clone();
    move || {
        let said = problems_at(&at);
        (!said.is_empty()).then(|| {
            view! {
                <div id=id.clone() class="field__problems">
                    {said
                        .into_iter()
                        .map(|s| {
                            let class = if s.error { "field__problem" } else { "field__warning" };
                            view! { <p class=class lang="en">{s.text}</p> }
                        })
                        .collect_view()}
                </div>
            }
        })
    }
}

/// `aria-invalid` and `aria-describedby` for an input whose problems are at `path`.
fn marks(
    path: String,
    problems_id: String,
) -> (
    impl Fn() -> Option<&'static str>,
    impl Fn() -> Option<String>,
) {
    let at = path.clone();
    let invalid = move || problems_at(&at).iter().any(|s| s.error).then_some("true");
    let described = move || (!problems_at(&path).is_empty()).then(|| problems_id.clone());
    (invalid, described)
}

/// How a plain field is typed and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text (an id, a sku, a name).
    Text,
    /// Money as decimal text.
    Money,
    /// A whole number.
    Count,
    Email,
    Tel,
}

/// One value: text, money, a count, an e-mail, a phone number, a link.
#[component]
pub fn PlainField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    kind: Kind,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
) -> impl IntoView {
    let studio = use_studio();
    let id = field_id(&path);
    let problems_id = format!("{id}-problems");
    let hint_id = format!("{id}-hint");
    let typed = RwSignal::new(None::<String>);
    let at = StoredValue::new(path.clone());
    let value = move || {
        typed
            .get()
            .unwrap_or_else(|| studio.draft.with(|d| draft::plain(d, &at.get_value())))
    };
    let (invalid, described) = marks(path.clone(), problems_id.clone());
    let (input_type, inputmode, autocomplete) = match kind {
        Kind::Text => ("text", None, "off"),
        Kind::Money => ("text", Some("decimal"), "off"),
        Kind::Count => ("text", Some("numeric"), "off"),
        Kind::Email => ("email", None, "email"),
        Kind::Tel => ("tel", None, "tel"),
    };
    let has_hint = hint.is_some();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{h}</p> })}
            <input id=id type=input_type inputmode=inputmode autocomplete=autocomplete
                placeholder=placeholder
                aria-invalid=invalid
                aria-describedby=move || {
                    let mut ids: Vec<String> = Vec::new();
                    if has_hint { ids.push(hint_id.clone()); }
                    ids.extend(described());
                    (!ids.is_empty()).then(|| ids.join(" "))
                }
                prop:value=value
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    typed.set(Some(text.clone()));
                    let at = at.get_value();
                    studio.edit(|d| match kind {
                        Kind::Money => draft::set_money(d, &at, &text),
                        Kind::Count => draft::set_count(d, &at, &text),
                        _ => draft::set_plain(d, &at, &text),
                    });
                }
                on:blur=move |_| typed.set(None)/>
            <FieldProblems path=path id=problems_id/>
        </div>
    }
}

/// Text a buyer reads, one input per language of the shop.
#[component]
pub fn TextField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional)] long: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let studio = use_studio();
    let w = use_words();
    let base_id = field_id(&path);
    let problems_id = format!("{base_id}-problems");
    let at = StoredValue::new(path.clone());
    let label = StoredValue::new(label);
    let hint_id = format!("{base_id}-hint");
    let has_hint = hint.is_some();
    let (outer_hint_id, outer_problems_id) = (hint_id.clone(), problems_id.clone());
    let inputs = move || {
        let locales = studio.locales();
        let several = locales.len() > 1;
        let default = locales.first().cloned().unwrap_or_default();
        locales
            .iter()
            .map(|locale| {
                // The first language's input has the field's own id (where a problem
                // about the whole text, "is required", takes the focus).
                let id = if locale != &default { field_id(&path::key(&at.get_value(), locale)) } else { base_id.clone() };
                let name = if several {
                    let language = intl::language_name_in(locale, w.tag()).unwrap_or_else(|| locale.clone());
                    format!("{} ({language})", label.get_value())
                } else {
                    label.get_value()
                };
                let typed = RwSignal::new(None::<String>);
                let (locale_v, default_v) = (locale.clone(), default.clone());
                let value = move || {
                    typed.get().unwrap_or_else(|| {
                        studio.draft.with(|d| draft::text(d, &at.get_value(), &locale_v, &default_v))
                    })
                };
                let (invalid, described) = marks(at.get_value(), problems_id.clone());
                let hint_id = hint_id.clone();
                let describedby = move || {
                    let mut ids: Vec<String> = Vec::new();
                    if has_hint { ids.push(hint_id.clone()); }
                    ids.extend(described());
                    (!ids.is_empty()).then(|| ids.join(" "))
                };
                let locale_w = locale.clone();
                let input = move |ev: leptos::ev::Event| {
                    let text = event_target_value(&ev);
                    typed.set(Some(text.clone()));
                    let locales = studio.locales.get_untracked();
                    studio.edit(|d| draft::set_text(d, &at.get_value(), &locale_w, &locales, &text));
                };
                let field = if long {
                    view! {
                        <textarea id=id.clone() rows="4" lang=locale.clone() aria-invalid=invalid aria-describedby=describedby
                            prop:value=value on:input=input on:blur=move |_| typed.set(None)></textarea>
                    }
                    .into_any()
                } else {
                    view! {
                        <input id=id.clone() type="text" lang=locale.clone() aria-invalid=invalid aria-describedby=describedby
                            prop:value=value on:input=input on:blur=move |_| typed.set(None)/>
                    }
                    .into_any()
                };
                view! {
                    <label for=id>{name}</label>
                    {field}
                }
            })
            .collect_view()
    };
    view! {
        <div class="field">
            {hint.map(|h| view! { <p class="field__hint" id=outer_hint_id>{h}</p> })}
            {inputs}
            <FieldProblems path=path id=outer_problems_id/>
        </div>
    }
}

/// One of a few values, or none (the key left out).
#[component]
pub fn ChoiceField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    choices: Vec<(String, String)>,
    /// The label of "none" (the default); without it one value must be chosen.
    #[prop(optional, into)]
    none: Option<String>,
) -> impl IntoView {
    let studio = use_studio();
    let id = field_id(&path);
    let problems_id = format!("{id}-problems");
    let at = StoredValue::new(path.clone());
    let current = move || studio.draft.with(|d| draft::plain(d, &at.get_value()));
    let (invalid, described) = marks(path.clone(), problems_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id aria-invalid=invalid aria-describedby=described
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    studio.edit(|d| draft::set_plain(d, &at.get_value(), &value));
                }>
                {none.map(|n| view! { <option value="" selected=move || current().is_empty()>{n}</option> })}
                {choices
                    .into_iter()
                    .map(|(value, text)| {
                        let v = value.clone();
                        view! { <option value=value selected=move || current() == v>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldProblems path=path id=problems_id/>
        </div>
    }
}

/// A yes/no setting whose default is no.
#[component]
pub fn FlagField(#[prop(into)] path: String, #[prop(into)] label: String) -> impl IntoView {
    let studio = use_studio();
    let id = field_id(&path);
    let problems_id = format!("{id}-problems");
    let at = StoredValue::new(path.clone());
    let on = move || {
        studio
            .draft
            .with(|d| path::get(d, &at.get_value()) == Some(&Value::Bool(true)))
    };
    view! {
        <div class="field">
            <label class="check">
                <input id=id type="checkbox" prop:checked=on
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        studio.edit(|d| draft::set_flag(d, &at.get_value(), checked));
                    }/>
                <span>{label}</span>
            </label>
            <FieldProblems path=path id=problems_id/>
        </div>
    }
}

/// Words separated by commas (tags, languages): a list of strings in the draft.
#[component]
pub fn ListField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let studio = use_studio();
    let w = use_words();
    let id = field_id(&path);
    let problems_id = format!("{id}-problems");
    let hint_id = format!("{id}-hint");
    let at = StoredValue::new(path.clone());
    let typed = RwSignal::new(None::<String>);
    let value = move || {
        typed.get().unwrap_or_else(|| {
            studio.draft.with(|d| {
                draft::list(d, &at.get_value())
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
    };
    let (invalid, described) = marks(path.clone(), problems_id.clone());
    let hint = hint.unwrap_or_else(|| w.t(Msg::CommaHint).to_owned());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <p class="field__hint" id=hint_id.clone()>{hint}</p>
            <input id=id type="text" autocomplete="off" aria-invalid=invalid
                aria-describedby=move || {
                    let mut ids = vec![hint_id.clone()];
                    ids.extend(described());
                    ids.join(" ")
                }
                prop:value=value
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    typed.set(Some(text.clone()));
                    let items: Vec<Value> = text
                        .split([',', '，', '、'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::String(s.to_owned()))
                        .collect();
                    let at = at.get_value();
                    studio.edit(|d| {
                        if items.is_empty() {
                            path::remove(d, &at);
                        } else {
                            path::set(d, &at, Value::Array(items));
                        }
                    });
                }
                on:blur=move |_| typed.set(None)/>
            <FieldProblems path=path id=problems_id/>
        </div>
    }
}
