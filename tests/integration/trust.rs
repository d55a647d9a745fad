//! The output folder is pressroom's own: a build never deletes, moves or
//! replaces a file it did not write. Each case is one an adversarial user
//! found deleting an archive (with exit 0) before the guard existed; each
//! checks that every file of the user's is still there, byte for byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::paths::FIXTURE;
use crate::support::{Site, list_files, pressroom, snapshot};

/// Every file below `dir` (dot files included), with its bytes.
fn everything(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
}

/// A folder `T` holding `parent/` with the archive in `parent/arch/`, a
/// file of the user's beside it (`parent/notes.txt`) and an empty `other/`.
struct Nest {
    dir: tempfile::TempDir,
}

impl Nest {
    fn new() -> Nest {
        let site = Site::fixture(FIXTURE);
        let dir = tempfile::tempdir().unwrap();
        let arch = dir.path().join("parent/arch");
        crate::support::copy_dir(site.root(), &arch);
        std::fs::write(dir.path().join("parent/notes.txt"), "my notes\n").unwrap();
        std::fs::create_dir_all(dir.path().join("other")).unwrap();
        Nest { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn arch(&self) -> PathBuf {
        self.path().join("parent/arch")
    }
}

/// Runs `args` in `cwd`, expects exit 1 with `needle` in stderr, and checks
/// that nothing below `watched` changed.
fn refused(cwd: &Path, args: &[&str], watched: &Path, needle: &str) -> String {
    let before = everything(watched);
    assert!(!before.is_empty());
    let (code, stderr) = run_bounded(args, cwd);
    assert_eq!(code, Some(1), "expected a refusal for {args:?}:\n{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
    assert!(stderr.contains("hint:"), "a refusal gives a hint:\n{stderr}");
    let after = everything(watched);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files appeared or disappeared for {args:?}"
    );
    assert!(before == after, "a file changed for {args:?}");
    stderr
}

/// Runs pressroom, killing it after 30 s (a `watch` that was not refused
/// would run forever): the exit code (None when killed) and stderr.
fn run_bounded(args: &[&str], cwd: &Path) -> (Option<i32>, String) {
    use std::io::Read as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (code, stderr)
}

#[test]
fn an_output_path_through_dot_dot_to_the_archives_parent_is_refused() {
    let nest = Nest::new();
    refused(
        nest.path(),
        &["build", "--root", "parent/arch", "--output", "other/../parent"],
        nest.path(),
        "contains the archive",
    );
    // Climbing out of the archive: the archive itself would move away.
    refused(
        &nest.arch(),
        &["build", "--output", "../../parent"],
        nest.path(),
        "contains the archive",
    );
}

#[test]
fn an_output_dir_in_site_toml_through_dot_dot_is_refused_at_its_line() {
    let nest = Nest::new();
    let toml = nest.arch().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let bad = format!(
        "output_dir = {:?}\n{text}",
        nest.path().join("other/../parent").display().to_string()
    );
    std::fs::write(&toml, bad).unwrap();
    let stderr = refused(&nest.arch(), &["build"], nest.path(), "contains the archive");
    assert!(
        stderr.contains("site.toml:1:1:"),
        "points at output_dir's line:\n{stderr}"
    );
    refused(&nest.arch(), &["check"], nest.path(), "contains the archive");
}

#[test]
fn watch_refuses_an_output_that_contains_the_archive() {
    let nest = Nest::new();
    refused(
        nest.path(),
        &["watch", "--root", "parent/arch", "--output", "other/../parent"],
        nest.path(),
        "contains the archive",
    );
}

#[test]
fn an_output_that_is_or_lies_in_an_input_folder_is_refused_by_build_and_check() {
    let site = Site::fixture(FIXTURE);
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::fs::create_dir_all(site.root().join("themes/mine")).unwrap();
    for output in [
        "content",
        "content/2017",
        "content/new",
        "templates",
        "themes",
        "static",
        ".",
    ] {
        let toml = site.root().join("site.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        let with = format!("output_dir = {output:?}\n{text}");
        std::fs::write(&toml, &with).unwrap();
        for command in ["build", "check"] {
            let before = everything(site.root());
            let out = site.run(&[command]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{command} with output_dir {output:?}:\n{stderr}"
            );
            assert!(stderr.contains("the output folder"), "{stderr}");
            assert!(
                before == everything(site.root()),
                "{command} with {output:?} changed files"
            );
        }
        std::fs::write(&toml, text).unwrap();
    }
    // And the archive still builds as it is.
    site.build();
    assert!(site.exists("index.html"));
}

#[test]
fn an_output_that_names_a_file_is_refused_and_the_file_kept() {
    let site = Site::fixture(FIXTURE);
    let statement = list_files(&site.root().join("content"))
        .into_iter()
        .find(|f| f.ends_with(".md"))
        .unwrap();
    for target in ["site.toml".to_string(), format!("content/{statement}")] {
        refused(
            site.root(),
            &["build", "--output", &target],
            site.root(),
            "the output folder",
        );
    }
    // A file outside the archive's inputs is refused as a file.
    std::fs::write(site.root().join("notes.txt"), "mine").unwrap();
    refused(
        site.root(),
        &["build", "--output", "notes.txt"],
        site.root(),
        "is a file",
    );
}

#[test]
fn a_folder_of_the_users_is_not_replaced_without_force_and_force_keeps_its_dot_files() {
    let site = Site::fixture(FIXTURE);
    let mine = site.root().join("mine");
    std::fs::create_dir_all(mine.join(".git")).unwrap();
    std::fs::write(mine.join("report.docx"), "a report").unwrap();
    std::fs::write(mine.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    refused(
        site.root(),
        &["build", "--output", "mine"],
        site.root(),
        "did not write",
    );
    refused(
        site.root(),
        &["watch", "--output", "mine"],
        site.root(),
        "did not write",
    );

    let out = pressroom(&["build", "--output", "mine", "--force"], site.root());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(mine.join("index.html").is_file());
    assert!(
        !mine.join("report.docx").exists(),
        "--force replaces the folder's files"
    );
    assert_eq!(
        std::fs::read_to_string(mine.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
    // From now on the folder is pressroom's: no --force needed.
    let out = pressroom(&["build", "--output", "mine", "--no-cache"], site.root());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_deploy_worktree_keeps_its_git_folder_through_fresh_and_cached_builds() {
    let site = Site::fixture(FIXTURE);
    // A fresh `git worktree` holds only .git: it counts as empty.
    let public = site.public();
    std::fs::create_dir_all(public.join(".git/objects")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(public.join(".git/objects/ab"), [0u8, 1, 2, 255]).unwrap();
    std::fs::write(public.join(".nojekyll"), "").unwrap();
    let git_before = everything(&public.join(".git"));

    site.build();
    assert!(public.join("index.html").is_file());
    let check = |what: &str| {
        assert!(
            everything(&public.join(".git")) == git_before,
            "{what}: .git changed"
        );
        assert!(public.join(".nojekyll").is_file(), "{what}: .nojekyll is gone");
    };
    check("first build");
    // A cached build that changes one page.
    let statement = site.root().join("content").join(
        list_files(&site.root().join("content"))
            .into_iter()
            .find(|f| f.ends_with(".md") && !f.starts_with("people"))
            .unwrap(),
    );
    let text = std::fs::read_to_string(&statement).unwrap();
    std::fs::write(&statement, format!("{text}\nA new closing line.\n")).unwrap();
    let out = site.run(&["build"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("changed"),
        "took the cached path"
    );
    check("cached build");
    // A fresh build that swaps the whole folder.
    site.build_with(&["--no-cache"]);
    check("fresh build");
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
}

#[test]
fn an_alias_that_would_write_a_dot_file_at_the_top_of_the_output_is_an_error() {
    let site = Site::fixture(FIXTURE);
    let public = site.public();
    std::fs::create_dir_all(public.join(".git")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    site.write(
        "content/2030/dot.md",
        &crate::support::statement("Dot", "2030-01-01", "aliases = [\"/.git/\"]"),
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("dot.md:4:12: alias \"/.git/\" starts with a dot"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(public.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
}

#[cfg(unix)]
#[test]
fn an_output_folder_behind_a_symbolic_link_is_written_through_the_link() {
    let site = Site::fixture(FIXTURE);
    let real = tempfile::tempdir().unwrap();
    let www = real.path().join("www");
    std::fs::create_dir(&www).unwrap();
    std::os::unix::fs::symlink(&www, site.public()).unwrap();
    site.build();
    assert!(
        std::fs::symlink_metadata(site.public())
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert!(www.join("index.html").is_file());
    site.build_with(&["--no-cache"]);
    assert!(
        std::fs::symlink_metadata(site.public())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(www.join("index.html").is_file());
}

#[test]
fn leftovers_of_a_killed_build_are_removed_by_the_next_one() {
    let site = Site::fixture(FIXTURE);
    site.build();
    // What killed builds of this and earlier versions left beside public/.
    for name in [".public.pressroom-new", ".public.pressroom-new-4242"] {
        let dir = site.root().join(name);
        std::fs::create_dir_all(dir.join("2017")).unwrap();
        std::fs::write(dir.join("2017/index.html"), "half a page").unwrap();
    }
    site.build_with(&["--no-cache"]);
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
}

#[test]
fn an_output_without_the_marker_that_the_cache_knows_is_still_pressrooms() {
    // Archives built before the marker existed: their output folder has no
    // marker, but the build cache recorded it.
    let site = Site::fixture(FIXTURE);
    site.build();
    std::fs::remove_file(site.public().join(".pressroom-output")).unwrap();
    site.build_with(&["--no-cache"]);
    assert!(site.public().join(".pressroom-output").is_file());
}

#[test]
fn a_temporary_file_a_killed_watch_left_at_the_top_is_not_kept_as_the_users() {
    // watch replaces `x` by writing `.x.pressroom-tmp` and renaming it; a
    // kill between the two left a dot file that every build then kept.
    let site = Site::fixture(FIXTURE);
    site.build();
    for args in [&["--no-cache"][..], &[][..]] {
        std::fs::write(site.public().join(".index.html.pressroom-tmp"), "half").unwrap();
        site.build_with(args);
        assert!(
            !site.public().join(".index.html.pressroom-tmp").exists(),
            "build {args:?} kept pressroom's own temporary file"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_output_that_holds_where_a_linked_content_folder_really_is_is_refused() {
    // content/ is a link to the statements' real folder elsewhere; an
    // output folder above that real folder would delete them.
    let site = Site::fixture(FIXTURE);
    let data = tempfile::tempdir().unwrap();
    let real = data.path().join("statements");
    std::fs::rename(site.root().join("content"), &real).unwrap();
    std::os::unix::fs::symlink(&real, site.root().join("content")).unwrap();
    site.build();
    let out = data.path().to_str().unwrap().to_string();
    for force in [&[][..], &["--force"][..]] {
        let mut args = vec!["build", "--output", out.as_str()];
        args.extend_from_slice(force);
        refused(site.root(), &args, data.path(), "contains the archive's content");
    }
}

#[cfg(unix)]
#[test]
fn a_replaced_output_folder_keeps_its_permissions_and_home_is_refused() {
    // The swap put a new 755 folder in place of a 2770 deploy folder.
    use std::os::unix::fs::PermissionsExt as _;
    let site = Site::fixture(FIXTURE);
    std::fs::create_dir(site.public()).unwrap();
    std::fs::set_permissions(site.public(), std::fs::Permissions::from_mode(0o2770)).unwrap();
    site.build();
    site.build_with(&["--no-cache"]);
    let mode = std::fs::metadata(site.public()).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o2770);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["build", "--output"])
        .arg(site.public())
        .arg("--root")
        .arg(site.root())
        .env("HOME", site.public())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("your home folder"));
}
