use leptos::prelude::*;
#[component]
pub fn StudioHome() -> impl IntoView {
    view! { <h1>"Studio"</h1> }
}
#[component]
pub fn ProfilePage() -> impl IntoView {
    view! { <h1>"Studio"</h1> }
}
#[component]
pub fn ProductsPage() -> impl IntoView {
    view! { <h1>"Studio"</h1> }
}
#[component]
pub fn ProductPage() -> impl IntoView {
    view! { <h1>"Studio"</h1> }
}
#[component]
pub fn SellingPage() -> impl IntoView {
    view! { <h1>"Studio"</h1> }
}
#[component]
pub fn LookPage() -> impl IntoView {
    view! { <h1>"Studio"</h1> }
}
#[component]
pub fn PreviewPage() -> impl IntoView {
    view! { <h1>"Studio"</h1> }
}
#[component]
pub fn ExportPage() -> impl IntoView {
    view! { <h1>"Studio"</h1> }
}
