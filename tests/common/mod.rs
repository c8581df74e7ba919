//! Helpers shared by the end-to-end tests (`mod common;` in each test file that needs them).

use std::path::Path;

/// Copies the folder `from` into `to` (created as needed), failing the test on any error.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
