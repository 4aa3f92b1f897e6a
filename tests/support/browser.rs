//! A scripted browser for login tests: one request at a time, redirects
//! followed hop by hop (each hop recorded), and a cookie jar per host, as a
//! browser keeps them. It reads only what a user would act on: links and
//! form fields in the HTML it is shown.

use std::collections::BTreeMap;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{redirect, Method, Url};

/// One answer the browser received.
#[derive(Clone, Debug)]
pub struct Page {
    pub url: Url,
    pub status: u16,
    pub location: Option<Url>,
    pub body: String,
}

impl Page {
    /// The `href` of the first link whose markup contains `marker`
    /// (a class or a text), HTML entities decoded.
    pub fn link(&self, marker: &str) -> Option<String> {
        let mut rest = self.body.as_str();
        while let Some(start) = rest.find("<a ") {
            let tag_and_text = &rest[start..];
            let end = tag_and_text.find("</a>").unwrap_or(tag_and_text.len());
            let anchor = &tag_and_text[..end];
            if anchor.contains(marker) {
                let href = anchor.split("href=\"").nth(1)?.split('"').next()?;
                return Some(unescape(href));
            }
            rest = &tag_and_text[end.min(tag_and_text.len())..];
            if end == tag_and_text.len() {
                break;
            }
        }
        None
    }
}

fn unescape(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The browser.
pub struct Browser {
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    /// host:port → cookie name → value.
    cookies: BTreeMap<String, BTreeMap<String, String>>,
    /// Every URL requested, in order.
    pub history: Vec<Url>,
}

fn origin(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or_default()
    )
}

impl Browser {
    pub fn new() -> Browser {
        let http = reqwest::Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        Browser {
            http,
            runtime,
            cookies: BTreeMap::new(),
            history: Vec::new(),
        }
    }

    /// The cookie `name` the browser holds for `url`'s host.
    pub fn cookie(&self, url: &str, name: &str) -> Option<String> {
        let url = Url::parse(url).ok()?;
        self.cookies.get(&origin(&url))?.get(name).cloned()
    }

    fn send(&mut self, method: Method, url: &str, form: Option<&[(&str, &str)]>) -> Page {
        let url = Url::parse(url).unwrap_or_else(|e| panic!("not a URL: {url:?}: {e}"));
        self.history.push(url.clone());
        let mut request = self
            .http
            .request(method, url.clone())
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .header("User-Agent", "scripted-browser/1 (tests)");
        if let Some(jar) = self.cookies.get(&origin(&url)) {
            let header = jar
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            if !header.is_empty() {
                request = request.header(COOKIE, header);
            }
        }
        if let Some(fields) = form {
            // application/x-www-form-urlencoded, as a browser posts a form.
            let encoded = Url::parse_with_params("http://form.invalid/", fields)
                .ok()
                .and_then(|u| u.query().map(str::to_owned))
                .unwrap_or_default();
            request = request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(encoded);
        }
        let response = self
            .runtime
            .block_on(request.send())
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        let status = response.status().as_u16();
        for set in response.headers().get_all(SET_COOKIE) {
            let Ok(text) = set.to_str() else { continue };
            let mut parts = text.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.trim().split_once('=')) else {
                continue;
            };
            let expired = parts.any(|attr| {
                let attr = attr.trim().to_ascii_lowercase();
                attr == "max-age=0" || attr.starts_with("max-age=-") || attr.contains("expires=thu, 01 jan 1970")
            });
            let jar = self.cookies.entry(origin(&url)).or_default();
            if expired {
                jar.remove(name);
            } else {
                jar.insert(name.to_string(), value.to_string());
            }
        }
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .and_then(|l| url.join(l).ok());
        let body = self.runtime.block_on(response.text()).unwrap_or_default();
        Page {
            url,
            status,
            location,
            body,
        }
    }

    /// One GET, no redirect followed.
    pub fn get(&mut self, url: &str) -> Page {
        self.send(Method::GET, url, None)
    }

    /// A form POST, no redirect followed.
    pub fn post_form(&mut self, url: &str, fields: &[(&str, &str)]) -> Page {
        self.send(Method::POST, url, Some(fields))
    }

    /// A GET, then the redirects it leads to.
    pub fn visit(&mut self, url: &str) -> Page {
        let page = self.get(url);
        self.follow(page)
    }

    /// A form POST, then the redirects it leads to.
    pub fn submit(&mut self, url: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.post_form(url, fields);
        self.follow(page)
    }

    /// Follows redirects from `page` with GETs until an answer is not a
    /// redirect (at most 20 hops), and returns that answer.
    pub fn follow(&mut self, mut page: Page) -> Page {
        for _ in 0..20 {
            match (&page.status, &page.location) {
                (301 | 302 | 303 | 307 | 308, Some(next)) => {
                    let next = next.to_string();
                    page = self.get(&next);
                }
                _ => return page,
            }
        }
        panic!("more than 20 redirects, last at {}", page.url)
    }
}
