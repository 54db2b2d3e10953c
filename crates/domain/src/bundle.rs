//! A case with its actions and the targets they name: the unit Outcry imports, exports and
//! validates as a whole.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::action::UrgentAction;
use crate::case::Case;
use crate::error::{Problem, Violations};
use crate::target::Target;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseBundle {
    pub case: Case,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub actions: Vec<UrgentAction>,
}

impl CaseBundle {
    /// Checks every field and every reference; returns all problems found. `today` bounds
    /// dates such as years of birth.
    pub fn validate(&self, today: jiff::civil::Date) -> Result<(), Violations> {
        let mut v = Violations::default();
        self.case.check(&mut v, today);

        let mut target_slugs = BTreeSet::new();
        for (i, t) in self.targets.iter().enumerate() {
            t.check(&mut v, &format!("targets[{i}]"));
            if !target_slugs.insert(&t.slug) {
                v.push(
                    format!("targets[{i}].slug"),
                    Problem::Duplicate {
                        value: t.slug.to_string(),
                    },
                );
            }
        }
        for (i, t) in self.targets.iter().enumerate() {
            for (j, c) in t.copies_to.iter().enumerate() {
                if !target_slugs.contains(c) {
                    v.push(
                        format!("targets[{i}].copies_to[{j}]"),
                        Problem::UnknownTarget {
                            value: c.to_string(),
                        },
                    );
                }
            }
        }

        let mut seen = BTreeSet::new();
        for (i, a) in self.actions.iter().enumerate() {
            let at = format!("actions[{i}]");
            a.check(&mut v, &at);
            if !seen.insert(&a.slug) {
                v.push(
                    format!("{at}.slug"),
                    Problem::Duplicate {
                        value: a.slug.to_string(),
                    },
                );
            }
            for (j, t) in a.targets.iter().enumerate() {
                if !target_slugs.contains(t) {
                    v.push(
                        format!("{at}.targets[{j}]"),
                        Problem::UnknownTarget {
                            value: t.to_string(),
                        },
                    );
                }
            }
            // A follow-up may continue an action of another case already stored, so `continues`
            // is checked by storage, not here.
        }
        v.into_result()
    }
}
