//! The language of what a student reads: English or Simplified Chinese.
//!
//! Test files and quiz files carry both (`about` and `about-zh`, …); code picks
//! one with [`Lang::pick`]. The choice comes from `--lang`, else the locale,
//! else English.

/// A language of the course's texts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Parses `en` or `zh` (also `zh-CN`, `zh_CN.UTF-8`, `EN`).
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Lang::Zh)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the locale: the first set of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG`; Chinese when it starts with `zh`, English otherwise.
    pub fn from_env() -> Lang {
        Self::from_locale(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables (for tests).
    fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name))
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::parse(&value))
            .unwrap_or_default()
    }

    /// The text in this language: `zh` when Chinese is chosen and given, else `en`.
    pub fn pick<'a>(self, en: &'a str, zh: Option<&'a str>) -> &'a str {
        match (self, zh) {
            (Lang::Zh, Some(zh)) if !zh.trim().is_empty() => zh,
            _ => en,
        }
    }

    /// Like [`Lang::pick`], for optional English text.
    pub fn pick_opt(self, en: Option<&str>, zh: Option<&str>) -> Option<String> {
        match (self, zh) {
            (Lang::Zh, Some(zh)) if !zh.trim().is_empty() => Some(zh.to_string()),
            _ => en.map(str::to_string),
        }
    }

    /// One of two literal texts.
    pub fn text(self, en: &'static str, zh: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// `1 test`, `2 tests`: a count with its English noun in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_chooses_chinese_only_when_it_says_zh() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN")])),
            Lang::En
        );
        assert_eq!(Lang::from_locale(env(&[("LANG", "C.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        assert_eq!(Lang::parse("ZH"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn pick_falls_back_to_english() {
        assert_eq!(Lang::Zh.pick("hi", Some("你好")), "你好");
        assert_eq!(Lang::Zh.pick("hi", None), "hi");
        assert_eq!(Lang::Zh.pick("hi", Some(" ")), "hi");
        assert_eq!(Lang::En.pick("hi", Some("你好")), "hi");
    }
}
