//! A real headless Chromium driven over W3C WebDriver (fantoccini → Debian's
//! `chromedriver`). Each test starts its own chromedriver on a free loopback port and opens
//! one browser session per person (a fresh profile each), so cookies never leak between
//! the client and the agent of a test.

use std::{
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use fantoccini::{
    Client, ClientBuilder, Locator,
    actions::{InputSource, KeyAction, KeyActions},
    elements::Element,
    key::Key,
};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long any single wait for the page may take (a loaded 2-core CI machine is slow).
const PATIENCE: Duration = Duration::from_secs(20);

/// A running chromedriver, killed (with every browser it started) on drop.
pub struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    /// `None` only when the browser is not installed outside CI (the test is then skipped
    /// loudly; `scripts/test` installs it); under `CI=true` a missing browser fails.
    pub async fn start() -> Option<Driver> {
        if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{CHROMIUM} and {CHROMEDRIVER} are required under CI=true");
            }
            eprintln!(
                "SKIPPED: {CHROMIUM} or {CHROMEDRIVER} missing (apt-get install chromium chromium-driver)"
            );
            return None;
        }
        // The port is free when asked; another process could take it before chromedriver
        // binds it, so a driver that never answers is retried on a new port.
        for _ in 0..3 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("free port")
                .port();
            let child = Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .arg("--log-level=WARNING")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own process group, so drop can end chromedriver and its browsers.
                .process_group(0)
                .spawn()
                .expect("spawn chromedriver");
            let driver = Driver {
                child,
                url: format!("http://127.0.0.1:{port}"),
            };
            if driver.ready().await {
                return Some(driver);
            }
        }
        panic!("chromedriver did not answer on three ports");
    }

    async fn ready(&self) -> bool {
        let http = reqwest::Client::new();
        let until = Instant::now() + Duration::from_secs(15);
        while Instant::now() < until {
            if let Ok(res) = http.get(format!("{}/status", self.url)).send().await
                && let Ok(v) = res.json::<Value>().await
                && v["value"]["ready"] == true
            {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    /// A new browser (fresh profile, Spanish as the preferred language) pointed at `base`.
    pub async fn browser(&self, base: &str) -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run",
                    format!("--user-data-dir={}", profile.path().display()),
                    "--window-size=1280,900", "--lang=es-AR",
                ],
                "prefs": {"intl.accept_languages": "es-AR,es"},
            }
        });
        let Value::Object(caps) = caps else {
            unreachable!("an object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("WebDriver session");
        Browser {
            c: client,
            base: base.to_string(),
            _profile: profile,
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The negative id names the process group this driver leads (and only it).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One person's browser on the server under test.
pub struct Browser {
    pub c: Client,
    base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn goto(&self, path: &str) {
        self.c.goto(&self.url(path)).await.expect("navigate");
    }

    /// The current path and query.
    pub async fn path(&self) -> String {
        let u = self.c.current_url().await.expect("url");
        match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        }
    }

    /// Waits for an element to be present.
    pub async fn el(&self, css: &str) -> Element {
        match self
            .c
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => panic!("no `{css}` on {} ({e})", self.path().await),
        }
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.c.find(Locator::Css(css)).await.is_ok()
    }

    pub async fn text(&self, css: &str) -> String {
        self.el(css).await.text().await.expect("text")
    }

    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.el(css).await.attr(name).await.expect("attribute")
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let e = self.el(css).await;
        e.clear().await.expect("clear");
        e.send_keys(value).await.expect("type");
    }

    pub async fn select(&self, css: &str, value: &str) {
        self.el(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in `{css}`: {e}"));
    }

    /// Picks a radio button the way a person does: by its label (radio cards may hide the
    /// input itself), falling back to the input.
    pub async fn choose(&self, id: &str) {
        let label = self.el(&format!("label[for='{id}']")).await;
        if label.click().await.is_err() {
            self.el(&format!("#{id}"))
                .await
                .click()
                .await
                .expect("radio");
        }
        let checked = self.el(&format!("#{id}")).await.prop("checked").await;
        assert_eq!(
            checked.ok().flatten().as_deref(),
            Some("true"),
            "#{id} chosen"
        );
    }

    /// Clicks something that submits a form or follows a link, and waits until the next
    /// page has replaced the current one (the old document's root goes stale).
    pub async fn click_and_wait(&self, css: &str) {
        let old = self.el("html").await;
        self.el(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{css}`: {e}"));
        self.wait_for_new_page(old, &format!("`{css}`")).await;
    }

    async fn wait_for_new_page(&self, old: Element, what: &str) {
        let until = Instant::now() + PATIENCE;
        loop {
            match old.tag_name().await {
                Err(e) if e.is_stale_element_reference() => break,
                _ if Instant::now() > until => panic!("{what} did not lead to a new page"),
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        self.el("body").await;
    }

    /// Presses (and releases) one key on whatever has the focus, as a keyboard does.
    pub async fn press(&self, key: Key) {
        let k = char::from(key);
        self.keys(&k.to_string()).await;
    }

    /// Types `text` key by key into whatever has the focus.
    pub async fn keys(&self, text: &str) {
        let mut seq = KeyActions::new("keyboard".into());
        for k in text.chars() {
            seq = seq
                .then(KeyAction::Down { value: k })
                .then(KeyAction::Up { value: k });
        }
        self.c.perform_actions(seq).await.expect("key actions");
    }

    /// Presses Shift+Tab: the focus moves back one stop.
    pub async fn shift_tab(&self) {
        let (shift, tab) = (char::from(Key::Shift), char::from(Key::Tab));
        let seq = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab })
            .then(KeyAction::Up { value: shift });
        self.c.perform_actions(seq).await.expect("key actions");
    }

    /// Presses a key that submits a form or follows a link and waits for the next page.
    pub async fn press_and_wait(&self, key: Key) {
        let old = self.el("html").await;
        self.press(key).await;
        self.wait_for_new_page(old, &format!("{key:?}")).await;
    }

    /// What has the keyboard focus: `tag#id.class…` (or `body`).
    pub async fn focused(&self) -> String {
        let v = self
            .run_js(
                "const e = document.activeElement; if (!e) return ''; \
                 return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
                   [...e.classList].map(c => '.' + c).join('');",
            )
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Presses Tab until the focused element matches `css` (at most `max` times).
    pub async fn tab_to(&self, css: &str, max: usize) {
        let mut seen = Vec::new();
        for _ in 0..max {
            self.press(Key::Tab).await;
            let hit = self
                .c
                .execute(
                    "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                    vec![json!(css)],
                )
                .await
                .expect("script");
            if hit == Value::Bool(true) {
                return;
            }
            seen.push(self.focused().await);
        }
        panic!(
            "Tab never reached `{css}` on {} (focus went through {seen:?})",
            self.path().await
        );
    }

    /// Resizes the browser window (the page's viewport follows).
    pub async fn window(&self, width: u32, height: u32) {
        self.c.set_window_size(width, height).await.expect("resize");
    }

    /// Signs out with the top bar's button; lands on the login page.
    pub async fn sign_out(&self) {
        self.click_and_wait("#logout").await;
        assert!(self.path().await.starts_with("/login"), "signed out");
    }

    /// Signs in through the login form; lands on the role's home page.
    pub async fn sign_in(&self, email: &str, password: &str) {
        self.goto("/login").await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click_and_wait("form[action='/login'] button[type=submit]")
            .await;
        assert!(
            !self.path().await.starts_with("/login"),
            "signed in as {email}"
        );
    }

    /// The session cookie (`name=value`), to ask the same server the same thing over HTTP.
    pub async fn cookie_header(&self) -> String {
        let cookies = self.c.get_all_cookies().await.expect("cookies");
        cookies
            .iter()
            .map(|c| format!("{}={}", c.name(), c.value()))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn run_js(&self, script: &str) -> Value {
        self.c.execute(script, vec![]).await.expect("script")
    }

    /// Saves the whole page (up to 2000 px tall, from the top, nothing focused) as
    /// `target/screenshots/{name}.png` under the workspace root.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let size = self
            .run_js(
                "if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); \
                 return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight];",
            )
            .await;
        let page = size[0].as_u64().unwrap_or(900).min(2000) as u32;
        let frame = size[1].as_u64().unwrap_or(0) as u32;
        let (w, h) = self.c.get_window_size().await.expect("window size");
        self.c
            .set_window_size(w as u32, page + frame)
            .await
            .expect("resize");
        let png = self.c.screenshot().await.expect("screenshot");
        self.c
            .set_window_size(w as u32, h as u32)
            .await
            .expect("resize back");
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).expect("screenshots dir");
        // Both engines' variants of a test take the same shots at the same time: write aside
        // and rename, so a reader never sees half a file (whichever lands last is kept).
        let path = dir.join(format!("{name}.png"));
        let partial = dir.join(format!(".{name}.{}.png", uuid::Uuid::new_v4().simple()));
        std::fs::write(&partial, png).expect("write screenshot");
        std::fs::rename(&partial, &path).expect("move screenshot into place");
        path
    }

    pub async fn close(self) {
        let _ = self.c.close().await;
    }
}

pub fn screenshots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots")
}
