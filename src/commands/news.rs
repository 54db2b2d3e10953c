//! `outcry article add|list` and `outcry author add|list`: news articles and their authors,
//! from the files docs/articles.md describes.

use std::io::Write;
use std::path::Path;

use anyhow::bail;
use outcry_domain::{Lang, Slug};
use outcry_importer::{article_file, source};
use outcry_storage::{ArticleFilter, Store};

use crate::cli::{ArticleCommand, AuthorCommand, DatabaseArgs};

pub async fn article(db: &DatabaseArgs, command: ArticleCommand) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let result = match command {
        ArticleCommand::Add(args) => add_articles(&store, &args.files).await,
        ArticleCommand::List(args) => list_articles(&store, args.lang).await,
    };
    store.close().await;
    result
}

pub async fn author(db: &DatabaseArgs, command: AuthorCommand) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let result = match command {
        AuthorCommand::Add(args) => add_authors(&store, &args.files).await,
        AuthorCommand::List => list_authors(&store).await,
    };
    store.close().await;
    result
}

/// Each file on its own: a refused file is reported and stores nothing, and the others are
/// still loaded; the command fails at the end if any was refused.
async fn add_articles(store: &Store, files: &[std::path::PathBuf]) -> anyhow::Result<()> {
    let mut refused = 0;
    for path in files {
        match add_article(store, path).await {
            Ok(line) => println!("{line}"),
            Err(e) => {
                eprintln!("outcry: {e:#}");
                refused += 1;
            }
        }
    }
    if refused > 0 {
        bail!(
            "{refused} of {} file(s) refused; nothing was stored from them",
            files.len()
        );
    }
    Ok(())
}

async fn add_article(store: &Store, path: &Path) -> anyhow::Result<String> {
    let name = path.display().to_string();
    let text = source::read_text(path)?;
    let stem = default_slug(path);
    let article =
        article_file::parse(&text, stem.as_ref()).map_err(|e| anyhow::anyhow!(e.render(&name)))?;
    let created = store
        .upsert_article(&article)
        .await
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    Ok(format!(
        "{} article {} ({}) from {name}",
        if created { "created" } else { "updated" },
        article.slug,
        article.lang
    ))
}

/// The slug a file's name gives: `azat-moved.en.md` and `azat-moved.md` both give
/// `azat-moved`, so the translations of one article share it without saying so.
fn default_slug(path: &Path) -> Option<Slug> {
    let stem = path.file_stem()?.to_str()?;
    let stem = match stem.rsplit_once('.') {
        Some((base, code)) if code.parse::<Lang>().is_ok() => base,
        _ => stem,
    };
    stem.parse().ok()
}

async fn list_articles(store: &Store, lang: Option<Lang>) -> anyhow::Result<()> {
    let filter = ArticleFilter {
        lang,
        ..ArticleFilter::default()
    };
    let articles = store.articles(&filter).await?;
    if articles.is_empty() {
        eprintln!("no articles yet; add one with `outcry article add FILE.md`");
    }
    let mut out = std::io::stdout().lock();
    for a in articles {
        let kind = if a.column { "\tcolumn" } else { "" };
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}{kind}",
            a.published, a.lang, a.slug, a.title, a.author
        )?;
    }
    Ok(())
}

async fn add_authors(store: &Store, files: &[std::path::PathBuf]) -> anyhow::Result<()> {
    let mut refused = 0;
    for path in files {
        let name = path.display().to_string();
        let added = async {
            let text = source::read_text(path)?;
            let author =
                article_file::parse_author(&text).map_err(|e| anyhow::anyhow!(e.render(&name)))?;
            let existed = store.author(&author.slug).await?.is_some();
            store
                .upsert_author(&author)
                .await
                .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            anyhow::Ok(format!(
                "{} author {} from {name}",
                if existed { "updated" } else { "created" },
                author.slug
            ))
        }
        .await;
        match added {
            Ok(line) => println!("{line}"),
            Err(e) => {
                eprintln!("outcry: {e:#}");
                refused += 1;
            }
        }
    }
    if refused > 0 {
        bail!(
            "{refused} of {} file(s) refused; nothing was stored from them",
            files.len()
        );
    }
    Ok(())
}

async fn list_authors(store: &Store) -> anyhow::Result<()> {
    let authors = store.authors().await?;
    if authors.is_empty() {
        eprintln!("no authors yet; add one with `outcry author add FILE.toml`");
    }
    let mut out = std::io::stdout().lock();
    for a in authors {
        let name = a.name.best(Lang::EN).map_or("", |(_, n)| n);
        let langs: Vec<String> = a.name.langs().map(String::from).collect();
        writeln!(out, "{}\t{name}\t{}", a.slug, langs.join(","))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn the_default_slug_drops_the_language() {
        let slug = |p: &str| super::default_slug(Path::new(p)).map(|s| s.to_string());
        assert_eq!(slug("a/azat-moved.en.md").as_deref(), Some("azat-moved"));
        assert_eq!(slug("azat-moved.md").as_deref(), Some("azat-moved"));
        assert_eq!(slug("Not A Slug.md"), None);
    }
}
