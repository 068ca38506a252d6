//! Reading `microshop serve`'s answers about reviews and problems (docs/trust.md):
//! a product's public reviews, the shop's 90-day problems figures, the buyer's own
//! reviews and problem threads in the order's status read, and the answer to each
//! write; and writing the bodies the buyer sends. Anything that is not serve's
//! answer reads as `None`: a page then shows nothing rather than something false.
//! Read as `Value` lookups, as the status read is (see `follow`).

use serde_json::{json, Value};

/// One review as anyone reads it on the product page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicReview {
    /// 1 to 5.
    pub rating: u8,
    /// The name its writer chose to show ('' for none): text, not verified.
    pub display_name: String,
    /// Text as the buyer wrote it: shown as text, never markup.
    pub text: String,
    /// The language it was written in (`und` when not said).
    pub locale: String,
    /// When first written, `YYYY-MM-DD`.
    pub date: String,
    pub verified_purchase: bool,
    pub edited: bool,
    /// The seller's public reply and its date.
    pub reply: Option<(String, String)>,
}

/// A product's reviews: shown ones listed (newest first) and counted, hidden ones counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductReviews {
    pub count: u32,
    /// stars / count to two places, as serve worded it (`"4.33"`); `None` without reviews.
    pub average: Option<String>,
    pub hidden: u32,
    pub reviews: Vec<PublicReview>,
}

impl ProductReviews {
    /// Whether a page has anything to show (no reviews and none hidden: nothing).
    pub fn is_empty(&self) -> bool {
        self.count == 0 && self.hidden == 0 && self.reviews.is_empty()
    }
}

/// The shop's problems of the last `window_days` days and where they stand, as the
/// seller's own records say: those of orders the seller confirmed and of orders it
/// never confirmed, added up (serve counts them apart; the page has no bytes left
/// to show both, and one set alone would let a seller who never confirms an order
/// look clean).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProblemFigures {
    pub window_days: u32,
    pub raised: u32,
    pub resolved: u32,
    pub refunded: u32,
    pub open: u32,
}

/// The buyer's own review of one product of the order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnReview {
    pub product_id: String,
    pub rating: u8,
    pub text: String,
    /// The name it is shown under ('' for none).
    pub display_name: String,
    /// RFC 3339: after this the review can no longer be changed.
    pub editable_until: String,
    pub hidden: bool,
    /// Why the seller hid it.
    pub hidden_reason: Option<String>,
    /// The seller's public reply.
    pub reply: Option<String>,
}

/// One message of a problem's thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadMessage {
    /// The seller wrote it (else the buyer).
    pub from_seller: bool,
    pub text: String,
    /// RFC 3339.
    pub at: String,
    pub has_photo: bool,
}

/// A problem the buyer raised, with its thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuyerProblem {
    pub id: String,
    /// `not_received`, `not_as_described`, `damaged`, `other`.
    pub kind: String,
    /// `open`, `resolved`, `refunded`.
    pub state: String,
    pub messages: Vec<ThreadMessage>,
}

/// What the order's status read says of its reviews and problems.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderTrust {
    /// The order is completed: reviews are open.
    pub completed: bool,
    /// The seller confirmed the order (paid, shipped or completed): its problems
    /// take photos (serve refuses them before, docs/trust.md "Problems").
    pub confirmed: bool,
    pub reviews: Vec<OwnReview>,
    pub problems: Vec<BuyerProblem>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn count(v: &Value, key: &str) -> Option<u32> {
    v.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

fn rating(v: &Value) -> Option<u8> {
    v.get("rating")
        .and_then(Value::as_u64)
        .filter(|r| (1..=5).contains(r))
        .and_then(|r| u8::try_from(r).ok())
}

fn list<'a>(v: &'a Value, key: &str) -> Option<&'a Vec<Value>> {
    v.get(key).and_then(Value::as_array)
}

/// `GET {api}products/{id}/reviews`'s answer for `product_id`.
pub fn read_product_reviews(product_id: &str, body: &str) -> Option<ProductReviews> {
    let v: Value = serde_json::from_str(body).ok()?;
    if text(&v, "product_id")? != product_id {
        return None;
    }
    let reviews = list(&v, "reviews")?
        .iter()
        .filter_map(|r| {
            Some(PublicReview {
                rating: rating(r)?,
                display_name: text(r, "display_name").unwrap_or_default(),
                text: text(r, "text").unwrap_or_default(),
                locale: text(r, "locale").unwrap_or_else(|| "und".to_owned()),
                date: text(r, "date")?,
                verified_purchase: r.get("verified_purchase")?.as_bool()?,
                edited: r.get("edited").and_then(Value::as_bool).unwrap_or(false),
                reply: r
                    .get("reply")
                    .and_then(|p| Some((text(p, "text")?, text(p, "date").unwrap_or_default()))),
            })
        })
        .collect();
    Some(ProductReviews {
        count: count(&v, "count")?,
        average: text(&v, "average"),
        hidden: count(&v, "hidden").unwrap_or(0),
        reviews,
    })
}

/// `GET {api}trust`'s problems figures.
pub fn read_figures(body: &str) -> Option<ProblemFigures> {
    let v: Value = serde_json::from_str(body).ok()?;
    let p = v.get("problems")?;
    let u = v.get("problems_on_unconfirmed_orders")?;
    let both = |key| count(p, key)?.checked_add(count(u, key)?);
    Some(ProblemFigures {
        window_days: count(&v, "window_days")?,
        raised: both("raised")?,
        resolved: both("resolved")?,
        refunded: both("refunded")?,
        open: both("open")?,
    })
}

fn own_review(r: &Value) -> Option<OwnReview> {
    Some(OwnReview {
        product_id: text(r, "product_id")?,
        rating: rating(r)?,
        text: text(r, "text").unwrap_or_default(),
        display_name: text(r, "display_name").unwrap_or_default(),
        editable_until: text(r, "editable_until").unwrap_or_default(),
        hidden: r.get("hidden").and_then(Value::as_bool).unwrap_or(false),
        hidden_reason: text(r, "hidden_reason"),
        reply: r.get("reply").and_then(|p| text(p, "text")),
    })
}

fn problem(p: &Value) -> Option<BuyerProblem> {
    // serve numbers problems; the id is only put back into a path.
    let id = match p.get("id")? {
        Value::Number(n) => n.as_u64()?.to_string(),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            s.clone()
        }
        _ => return None,
    };
    Some(BuyerProblem {
        id,
        kind: text(p, "kind")?,
        state: text(p, "state")?,
        messages: list(p, "messages")?
            .iter()
            .filter_map(|m| {
                Some(ThreadMessage {
                    from_seller: text(m, "author")? == "seller",
                    text: text(m, "text").unwrap_or_default(),
                    at: text(m, "at").unwrap_or_default(),
                    has_photo: m.get("photo").is_some_and(Value::is_string),
                })
            })
            .collect(),
    })
}

/// The order's status read (`GET /api/orders/{id}` with its secret): its reviews and
/// problems (serve leaves each list out while it is empty). `None` for an answer that
/// is not this order's status.
pub fn read_order_trust(order_id: &str, body: &str) -> Option<OrderTrust> {
    let v: Value = serde_json::from_str(body).ok()?;
    if text(&v, "order_id")? != order_id {
        return None;
    }
    let all = |key: &str| list(&v, key).map(Vec::as_slice).unwrap_or_default();
    let status = text(&v, "status")?;
    Some(OrderTrust {
        completed: status == "completed",
        // Past `new` and not cancelled (a cancelled order that was paid first takes
        // photos too; its page does not offer them: words are still taken).
        confirmed: !matches!(status.as_str(), "new" | "cancelled"),
        reviews: all("reviews").iter().filter_map(own_review).collect(),
        problems: all("problems").iter().filter_map(problem).collect(),
    })
}

/// A review write's answer (`{"review": …}`).
pub fn read_review_answer(body: &str) -> Option<OwnReview> {
    let v: Value = serde_json::from_str(body).ok()?;
    own_review(v.get("review")?)
}

/// A problem write's answer (`{"problem": …}`).
pub fn read_problem_answer(body: &str) -> Option<BuyerProblem> {
    let v: Value = serde_json::from_str(body).ok()?;
    problem(v.get("problem")?)
}

/// A refusal's code (`not_completed`, `edit_closed`, `invalid`, ...) and, for
/// `invalid`, the first problem's field (`text`, `photo`, ...).
pub fn read_refusal(body: &str) -> Option<(String, Option<String>)> {
    let v: Value = serde_json::from_str(body).ok()?;
    let field = list(&v, "problems")
        .and_then(|p| p.first())
        .and_then(|p| text(p, "path"));
    Some((text(&v, "error")?, field))
}

/// A review's body; `display_name` '' for a review shown with no name.
pub fn review_body(
    product_id: &str,
    rating: u8,
    text: &str,
    display_name: &str,
    locale: &str,
) -> String {
    json!({"product_id": product_id, "rating": rating, "text": text,
        "display_name": display_name, "locale": locale})
    .to_string()
}

/// A new problem's body; `photo` is the picture's bytes as base64.
pub fn problem_body(kind: &str, text: &str, photo: Option<&str>) -> String {
    let mut v = json!({"kind": kind, "text": text});
    if let Some(p) = photo {
        v["photo"] = json!(p);
    }
    v.to_string()
}

/// A message to an open problem's thread.
pub fn message_body(text: &str, photo: Option<&str>) -> String {
    let mut v = json!({"text": text});
    if let Some(p) = photo {
        v["photo"] = json!(p);
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_products_reviews() {
        let body = r#"{"product_id":"green","count":3,"stars":13,"average":"4.33","hidden":1,
 "reviews":[{"rating":5,"text":"<b>很好喝</b>","display_name":"<i>Mei</i>","locale":"zh-CN","date":"2026-12-05",
   "verified_purchase":true,"edited":false,"reply":{"text":"谢谢!","date":"2026-12-06"}},
   {"rating":9,"text":"not a rating","date":"2026-12-01","verified_purchase":true}]}"#;
        let r = read_product_reviews("green", body).expect("reviews");
        assert_eq!((r.count, r.hidden), (3, 1));
        assert_eq!(r.average.as_deref(), Some("4.33"));
        assert_eq!(
            r.reviews.len(),
            1,
            "a review that is not 1-5 stars is left out"
        );
        assert_eq!(r.reviews[0].text, "<b>很好喝</b>");
        assert_eq!(r.reviews[0].display_name, "<i>Mei</i>");
        assert_eq!(
            r.reviews[0].reply,
            Some(("谢谢!".to_owned(), "2026-12-06".to_owned()))
        );
        assert_eq!(
            read_product_reviews("other", body),
            None,
            "another product's"
        );
        assert_eq!(read_product_reviews("green", "<html>"), None);
        let none = read_product_reviews(
            "green",
            r#"{"product_id":"green","count":0,"stars":0,"average":null,"hidden":0,"reviews":[]}"#,
        )
        .expect("none");
        assert!(none.is_empty());
    }

    #[test]
    fn reads_the_figures() {
        let body = r#"{"window_days":90,"since":"2026-09-06T19:40:00Z","problems":{"raised":4,"resolved":2,"refunded":1,"open":1},
          "problems_on_unconfirmed_orders":{"raised":7,"resolved":0,"refunded":0,"open":7},"review_edit_days":30,"source":"…"}"#;
        assert_eq!(
            read_figures(body),
            Some(ProblemFigures {
                window_days: 90,
                raised: 11,
                resolved: 2,
                refunded: 1,
                open: 8
            })
        );
        assert_eq!(read_figures(r#"{"window_days":90}"#), None);
        // A serve from before the never-confirmed orders were counted apart: not
        // read (its figures would be the same sum, but a serve that sends only
        // `problems` and means confirmed orders would look clean).
        let old =
            r#"{"window_days":90,"problems":{"raised":4,"resolved":2,"refunded":1,"open":1}}"#;
        assert_eq!(read_figures(old), None);
    }

    #[test]
    fn reads_the_orders_reviews_and_problems() {
        let body = r#"{"order_id":"ord_1","status":"completed","reviews":[{"id":"r1","product_id":"green","rating":4,"text":"ok","editable_until":"2027-01-04T10:00:00Z","hidden":true,"hidden_reason":"spam","reply":{"text":"thanks","at":"2026-12-06T10:00:00Z"}}],
          "problems":[{"id":7,"order_id":"ord_1","kind":"damaged","state":"open","messages":[{"author":"buyer","text":"broken","at":"x","photo":"ab12"},{"author":"seller","text":"sorry","at":"y"}]}]}"#;
        let t = read_order_trust("ord_1", body).expect("trust");
        assert!(t.completed);
        assert_eq!(t.reviews[0].hidden_reason.as_deref(), Some("spam"));
        assert_eq!(t.reviews[0].reply.as_deref(), Some("thanks"));
        assert_eq!(t.reviews[0].display_name, "", "none given");
        let thread = &t.problems[0].messages;
        assert!(!thread[0].from_seller && thread[0].has_photo);
        assert!(thread[1].from_seller && !thread[1].has_photo);
        assert_eq!(t.problems[0].id, "7");
        assert_eq!(read_order_trust("ord_2", body), None, "another order's");
        let none = read_order_trust("ord_1", r#"{"order_id":"ord_1","status":"paid"}"#)
            .expect("serve leaves empty lists out");
        assert!(!none.completed && none.reviews.is_empty() && none.problems.is_empty());
        assert_eq!(
            read_order_trust("ord_1", r#"{"order_id":"ord_1"}"#),
            None,
            "no status"
        );
    }

    #[test]
    fn an_order_takes_photos_once_the_seller_confirmed_it() {
        let confirmed = |status: &str| {
            let body = format!(r#"{{"order_id":"ord_1","status":"{status}"}}"#);
            read_order_trust("ord_1", &body).expect("trust").confirmed
        };
        assert!(!confirmed("new") && !confirmed("cancelled"));
        assert!(confirmed("paid") && confirmed("shipped") && confirmed("completed"));
    }

    #[test]
    fn reads_refusals_and_writes_bodies() {
        assert_eq!(
            read_refusal(
                r#"{"error":"invalid","message":"…","problems":[{"code":"x","path":"photo","message":"…"}]}"#
            ),
            Some(("invalid".to_owned(), Some("photo".to_owned())))
        );
        assert_eq!(
            read_refusal(r#"{"error":"edit_closed","message":"…"}"#),
            Some(("edit_closed".to_owned(), None))
        );
        let body: Value =
            serde_json::from_str(&review_body("green", 5, "<i>\"ok\"</i>", "<b>Li</b>", "ja"))
                .expect("json");
        assert_eq!(body["text"], "<i>\"ok\"</i>");
        assert_eq!(body["display_name"], "<b>Li</b>");
        assert_eq!(body["rating"], 5);
        let body: Value = serde_json::from_str(&problem_body("damaged", "x", None)).expect("json");
        assert!(body.get("photo").is_none());
        let body: Value = serde_json::from_str(&message_body("x", Some("AAAA"))).expect("json");
        assert_eq!(body["photo"], "AAAA");
    }
}
