//! What the command's integration tests share.

use std::path::PathBuf;

use assert_cmd::Command;

/// The `vtql` binary with a clean color environment.
pub fn vtql() -> Command {
    let mut cmd = Command::cargo_bin("vtql").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TERM");
    cmd
}

/// `text` written to `name` in the scratch directory `dir` of the test binaries.
// Each test file compiles this module on its own, and not every file writes files.
#[allow(dead_code)]
pub fn scratch_file(dir: &str, name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}
