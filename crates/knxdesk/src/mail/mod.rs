//! Outgoing mail. Handlers compose a message in the recipient's language and queue it as a job;
//! the worker sends it over SMTP (lettre) or, without SMTP configured, writes an `.eml` file to
//! `<data_dir>/outbox` and logs the link so a fresh install works offline.

use std::path::PathBuf;

use askama::Template;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart, SinglePart, header::ContentType},
};
use serde::{Deserialize, Serialize};

use crate::{i18n::Lang, jobs, state::AppState};

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

impl Mailer {
    pub fn from_config(cfg: &crate::config::Config) -> anyhow::Result<Self> {
        if cfg.smtp_url.is_empty() {
            Ok(Mailer::Outbox(cfg.data_dir.join("outbox")))
        } else {
            let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&cfg.smtp_url)?
                .timeout(Some(std::time::Duration::from_secs(30)))
                .build();
            Ok(Mailer::Smtp(transport))
        }
    }
}

/// A composed message, as stored in the job's payload.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The main link, logged when mail goes to the outbox (development convenience).
    pub link: String,
    /// The one-click unsubscribe link of a notification (RFC 8058 headers and a footer line).
    #[serde(default)]
    pub unsubscribe: Option<String>,
}

impl OutgoingMail {
    /// Adds the unsubscribe link: in the headers (when sent) and at the end of both bodies.
    pub fn with_unsubscribe(mut self, lang: Lang, url: String) -> OutgoingMail {
        let label = lang.catalog().get("mail.unsubscribe");
        self.text.push_str(&format!("\n{label}: {url}\n"));
        let escaped = url
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        self.html = self.html.replace(
            "</body>",
            &format!("<p style=\"font-size:12px;color:#6b7280\"><a href=\"{escaped}\">{label}</a></p></body>"),
        );
        self.unsubscribe = Some(url);
        self
    }
}

#[derive(Template)]
#[template(path = "mail.html")]
struct MailHtml<'a> {
    heading: &'a str,
    paragraphs: Vec<String>,
    button: &'a str,
    link: &'a str,
    footer: &'a str,
}

/// Composes a message from catalogue keys `mail.<name>.subject|heading|body|button`; `body`
/// paragraphs are separated by blank lines and may use the `args` placeholders.
pub fn compose(
    lang: Lang,
    name: &str,
    to: &str,
    link: &str,
    args: &[(&str, &str)],
) -> anyhow::Result<OutgoingMail> {
    let t = lang.catalog();
    let key = |part: &str| format!("mail.{name}.{part}");
    let subject = t.fmt(&key("subject"), args);
    let heading = t.fmt(&key("heading"), args);
    let body = t.fmt(&key("body"), args);
    let button = t.fmt(&key("button"), args);
    let footer = t.get("mail.footer");
    let paragraphs: Vec<String> = body.split("\n\n").map(str::to_string).collect();
    let html = MailHtml {
        heading: &heading,
        paragraphs: paragraphs.clone(),
        button: &button,
        link,
        footer,
    }
    .render()?;
    let text = format!(
        "{heading}\n\n{}\n\n{button}: {link}\n\n-- \n{footer}\n",
        paragraphs.join("\n\n")
    );
    Ok(OutgoingMail {
        to: to.to_string(),
        subject,
        text,
        html,
        link: link.to_string(),
        unsubscribe: None,
    })
}

/// A queued message as the jobs table keeps it: sealed with the server key, because it holds a
/// token's only plaintext (invitation, reset and confirmation links) until it is sent.
#[derive(Serialize, Deserialize)]
pub struct SealedMail {
    sealed: String,
}

fn seal_mail(secret: &[u8], mail: &OutgoingMail) -> anyhow::Result<SealedMail> {
    Ok(SealedMail {
        sealed: crate::crypto::seal(secret, &serde_json::to_string(mail)?),
    })
}

fn open_mail(secret: &[u8], payload: &SealedMail) -> anyhow::Result<OutgoingMail> {
    let json = crate::crypto::open(secret, &payload.sealed)
        .ok_or_else(|| anyhow::anyhow!("mail job sealed with another key"))?;
    Ok(serde_json::from_str(&json)?)
}

/// Queues a message (in the caller's transaction when given one).
pub async fn queue<'e, E>(executor: E, state: &AppState, mail: &OutgoingMail) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let job = MailJob::Sealed(seal_mail(&state.secret, mail)?);
    jobs::enqueue(executor, state.clock.now(), &job).await?;
    state.wakeup.notify();
    Ok(())
}

/// Sending one message, through the jobs table.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
pub enum MailJob {
    Sealed(SealedMail),
    /// Queued by a version before payloads were sealed.
    Plain(OutgoingMail),
}

impl jobs::Job for MailJob {
    const KIND: &'static str = "send_mail";

    async fn run(self, state: &AppState) -> anyhow::Result<()> {
        let mail = match self {
            MailJob::Sealed(sealed) => open_mail(&state.secret, &sealed)?,
            MailJob::Plain(mail) => mail,
        };
        send(state, &mail).await
    }
}

async fn send(state: &AppState, mail: &OutgoingMail) -> anyhow::Result<()> {
    use lettre::message::header::{HeaderName, HeaderValue};
    let mut builder = Message::builder()
        .from(state.config.mail_from.parse::<Mailbox>()?)
        .to(mail.to.parse::<Mailbox>()?)
        .subject(&mail.subject);
    if let Some(url) = &mail.unsubscribe {
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ));
    }
    let message = builder.multipart(
        MultiPart::alternative()
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.text.clone()),
            )
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(mail.html.clone()),
            ),
    )?;
    match &*state.mailer {
        Mailer::Smtp(transport) => {
            transport.send(message).await?;
            tracing::info!(to = %mail.to, subject = %mail.subject, "mail sent");
        }
        Mailer::Outbox(dir) => {
            tokio::fs::create_dir_all(dir).await?;
            // Named by wall-clock nanoseconds so a folder listing sorts oldest first.
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let name = format!("{nanos:020}-{}.eml", &crate::tokens::new_token().hash[..8]);
            let tmp = dir.join(format!(".{name}.tmp"));
            tokio::fs::write(&tmp, message.formatted()).await?;
            // Rename last, so a reader never sees half a message.
            tokio::fs::rename(&tmp, dir.join(&name)).await?;
            tracing::info!(to = %mail.to, subject = %mail.subject, link = %mail.link, file = %name, "mail written to outbox");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_mail_keeps_no_plain_link() {
        let mail = compose(
            Lang::En,
            "password_reset",
            "a@example.com",
            "http://x/password/reset/SECRET-TOKEN",
            &[("name", "A")],
        )
        .unwrap();
        let payload = serde_json::to_string(&seal_mail(b"key", &mail).unwrap()).unwrap();
        assert!(!payload.contains("SECRET-TOKEN") && !payload.contains("a@example.com"));
        let back: SealedMail = serde_json::from_str(&payload).unwrap();
        assert_eq!(open_mail(b"key", &back).unwrap().link, mail.link);
        assert!(open_mail(b"other key", &back).is_err());
    }
}
