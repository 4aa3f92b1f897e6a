//! The request and response shapes the handlers work with, independent of
//! the HTTP library: a fully read request, Django's view of its query and
//! form (`QueryDict`), cookies, and answers in the forms authentik uses
//! (JSON, HTML pages, redirects, empty bodies).

use serde_json::Value;

/// A request, read in full.
#[derive(Clone, Debug)]
pub(crate) struct Incoming {
    pub(crate) method: String,
    /// The path as sent (still percent-encoded).
    pub(crate) path: String,
    /// The raw query string, without `?`.
    pub(crate) query: Option<String>,
    /// Header names in lower case, in the order received.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    /// `http://host:port` as the client addressed the server.
    pub(crate) origin: String,
}

impl Incoming {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Django's `request.GET`.
    pub(crate) fn query_dict(&self) -> QueryDict {
        QueryDict::parse(self.query.as_deref().unwrap_or(""))
    }

    /// Django's `request.POST`: the form fields of a url-encoded body, empty
    /// for any other content type.
    pub(crate) fn form(&self) -> QueryDict {
        let urlencoded = self.header("content-type").is_some_and(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
        if self.method == "POST" && urlencoded {
            QueryDict::parse(&String::from_utf8_lossy(&self.body))
        } else {
            QueryDict::default()
        }
    }

    /// The value of one cookie.
    pub(crate) fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n == "cookie")
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    /// Path and query as the browser requested them, for `next=` links.
    pub(crate) fn full_path(&self) -> String {
        match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        }
    }
}

/// Django's `QueryDict`: blank values kept, `get` returns the last value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct QueryDict {
    pairs: Vec<(String, String)>,
}

impl QueryDict {
    pub(crate) fn parse(text: &str) -> QueryDict {
        QueryDict {
            pairs: url::form_urlencoded::parse(text.as_bytes()).into_owned().collect(),
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub(crate) fn get_all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub(crate) fn contains(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == key)
    }

    /// Distinct keys, in first-seen order.
    pub(crate) fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for (k, _) in &self.pairs {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
        keys
    }

    pub(crate) fn len(&self) -> usize {
        self.keys().len()
    }
}

/// An answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outgoing {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Outgoing {
    pub(crate) fn json(status: u16, body: &Value) -> Outgoing {
        Outgoing {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// An answer without a body and without a content type (DRF's `204 No
    /// Content`).
    pub(crate) fn empty(status: u16) -> Outgoing {
        Outgoing {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// An empty Django `HttpResponse` (a redirect, a 401 or 405 of a plain
    /// view): Django gives it its default content type
    /// (`django/http/response.py` `HttpResponseBase.__init__`).
    pub(crate) fn django_empty(status: u16) -> Outgoing {
        Outgoing::empty(status).with_header("content-type", "text/html; charset=utf-8")
    }

    /// A `302 Found` to `location`, made a valid URI the way Django's
    /// `HttpResponseRedirect` does (`iri_to_uri`: spaces and non-ASCII are
    /// percent-encoded, existing escapes are kept).
    pub(crate) fn redirect(location: &str) -> Outgoing {
        Outgoing::django_empty(302).with_header("location", &iri_to_uri(location))
    }

    pub(crate) fn html(status: u16, body: String) -> Outgoing {
        Outgoing {
            status,
            headers: vec![("content-type".into(), "text/html; charset=utf-8".into())],
            body: body.into_bytes(),
        }
    }

    pub(crate) fn with_header(mut self, name: &str, value: &str) -> Outgoing {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    #[cfg(test)]
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Characters Django's `iri_to_uri` leaves as they are.
const IRI_SAFE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'#')
    .remove(b'%')
    .remove(b'[')
    .remove(b']')
    .remove(b'=')
    .remove(b':')
    .remove(b';')
    .remove(b'$')
    .remove(b'&')
    .remove(b'(')
    .remove(b')')
    .remove(b'+')
    .remove(b',')
    .remove(b'!')
    .remove(b'?')
    .remove(b'*')
    .remove(b'@')
    .remove(b'\'')
    .remove(b'~')
    .remove(b'_')
    .remove(b'.')
    .remove(b'-');

pub(crate) fn iri_to_uri(iri: &str) -> String {
    percent_encoding::utf8_percent_encode(iri, IRI_SAFE).to_string()
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            other => out.push(other),
        }
    }
    out
}

/// A complete HTML page with a heading and body markup (already escaped).
pub(crate) fn page(title: &str, body_markup: &str) -> String {
    titled_page(title, title, body_markup)
}

/// A page whose window title differs from its heading (authentik's
/// templates append the brand: "Permission denied - authentik").
pub(crate) fn titled_page(window_title: &str, heading: &str, body_markup: &str) -> String {
    let window_title = escape_html(window_title);
    let heading = escape_html(heading);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{window_title}</title>\n</head>\n\
         <body>\n<h1>{heading}</h1>\n{body_markup}\n</body>\n</html>\n"
    )
}

/// authentik's `bad_request_message`: a 400 page with a title and message.
pub(crate) fn bad_request_page(title: &str, message: &str) -> Outgoing {
    Outgoing::html(400, page(title, &format!("<p>{}</p>", escape_html(message))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_dict_is_djangos() {
        let q = QueryDict::parse("a=1&b=&a=2&c");
        assert_eq!(q.get("a"), Some("2"));
        assert_eq!(q.get("b"), Some(""));
        assert_eq!(q.get("c"), Some(""));
        assert_eq!(q.get_all("a"), vec!["1", "2"]);
        assert_eq!(q.len(), 3);
        assert_eq!(QueryDict::parse("").len(), 0);
        assert_eq!(
            QueryDict::parse("scope=openid+email").get("scope"),
            Some("openid email")
        );
    }

    #[test]
    fn redirects_are_made_uris_like_django() {
        assert_eq!(
            iri_to_uri("https://rp/cb?state=a b&x=%41é"),
            "https://rp/cb?state=a%20b&x=%41%C3%A9"
        );
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
        );
    }
}
