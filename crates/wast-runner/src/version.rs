//! [`SpecVersion`]: which WebAssembly feature set a script runs under.

use rustyjit::{Config, Strategy};
use std::fmt;
use std::str::FromStr;

/// The WebAssembly feature level a script is run with. It decides what
/// validation accepts, so it also decides which `assert_invalid` modules are
/// rejected.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum SpecVersion {
    /// Exactly WebAssembly 2.0: what 2.0 rejects is rejected.
    Wasm2,
    /// Every feature rustyjit supports (its default [`Config`]).
    #[default]
    Latest,
}

impl SpecVersion {
    /// The engine configuration for this level.
    pub fn config(self) -> Config {
        self.config_with(Strategy::default())
    }

    /// The engine configuration for this level, compiling with the tier
    /// `strategy` picks (for [`run_files_with`](crate::run_files_with)
    /// and the other `_with` runners).
    pub fn config_with(self, strategy: Strategy) -> Config {
        let mut config = Config::new();
        config.strategy(strategy);
        if self == SpecVersion::Wasm2 {
            config.wasm2();
        }
        config
    }
}

impl FromStr for SpecVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "2.0" | "2" | "wasm2" => Ok(SpecVersion::Wasm2),
            "latest" => Ok(SpecVersion::Latest),
            other => Err(format!(
                "unknown spec version `{other}` (expected `2.0` or `latest`)"
            )),
        }
    }
}

impl fmt::Display for SpecVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SpecVersion::Wasm2 => "2.0",
            SpecVersion::Latest => "latest",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!("2.0".parse::<SpecVersion>(), Ok(SpecVersion::Wasm2));
        assert_eq!("latest".parse::<SpecVersion>(), Ok(SpecVersion::Latest));
        assert!("3.1".parse::<SpecVersion>().is_err());
        assert_eq!(SpecVersion::Wasm2.to_string(), "2.0");
    }

    #[test]
    fn config_carries_the_strategy() {
        let c = SpecVersion::Wasm2.config_with(Strategy::Optimizing);
        assert_eq!(c.get_strategy(), Strategy::Optimizing);
        assert_eq!(c.features(), rustyjit::WasmFeatures::WASM2);
        assert_eq!(
            SpecVersion::Latest.config().get_strategy(),
            Strategy::Tiered
        );
    }
}
