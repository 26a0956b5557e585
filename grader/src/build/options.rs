//! How builds run: the cache's place and size, and the time a build may take.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::cache::DEFAULT_CACHE_BYTES;
use crate::course::Course;

/// How much CPU time a build of submitted sources may use (a `const` that
/// loops forever would otherwise hold the grader up for good). It is CPU
/// time, as the build's cgroup counts it, so that a loaded machine never
/// stops a correct build; [`crate::sandbox::BUILD_WALL_CEILING`] times it in
/// wall-clock time ends a build the machine cannot run, as a grader error.
pub const BUILD_TIME_LIMIT: Duration = Duration::from_secs(180);

/// Where and how builds are cached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheConfig {
    /// The cache's folder (outside every build's and run's folder).
    pub dir: PathBuf,
    /// Its bound in bytes; least recently used entries go beyond it.
    pub max_bytes: u64,
}

/// How a [`super::Builder`] builds.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The cache, or `None` for `--no-cache`.
    pub cache: Option<CacheConfig>,
    /// How long one cargo run may take.
    pub time_limit: Duration,
}

impl BuildOptions {
    /// The defaults for `course`: a cache in `target/netlab/cache` of 2 GiB.
    pub fn for_course(course: &Course) -> BuildOptions {
        BuildOptions {
            cache: Some(CacheConfig {
                dir: default_cache_dir(&course.root),
                max_bytes: DEFAULT_CACHE_BYTES,
            }),
            time_limit: BUILD_TIME_LIMIT,
        }
    }

    /// No cache at all.
    pub fn uncached() -> BuildOptions {
        BuildOptions {
            cache: None,
            time_limit: BUILD_TIME_LIMIT,
        }
    }
}

/// The default cache folder of the workspace at `root`.
pub fn default_cache_dir(root: &Path) -> PathBuf {
    root.join("target/netlab/cache")
}
