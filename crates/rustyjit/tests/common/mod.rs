//! What several of the end-to-end tests share.

use rustyjit::{Config, Strategy};

/// Every way code can be compiled: baseline, optimizing, tiered, and
/// tiered in its stress mode (every function tiers up on its second
/// event, synchronously), so that both tiers' code runs; each with a name
/// for failure messages.
pub fn every_strategy() -> Vec<(&'static str, Config)> {
    [
        ("baseline", Strategy::Baseline, false),
        ("optimizing", Strategy::Optimizing, false),
        ("tiered", Strategy::Tiered, false),
        ("tiered stress", Strategy::Tiered, true),
    ]
    .into_iter()
    .map(|(name, strategy, stress)| {
        let mut config = Config::new();
        config.strategy(strategy);
        if stress {
            config.tier_up_stress();
        }
        (name, config)
    })
    .collect()
}
