//! A case with its actions and the targets they name: the unit Outcry imports, exports and
//! validates as a whole.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::action::UrgentAction;
use crate::case::Case;
use crate::error::{Problem, Violations};
use crate::target::Target;

/// A case together with the targets and the urgent actions about it, as one file holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseBundle {
    /// The person at risk.
    pub case: Case,
    /// The officials the case's actions write to (and those who get copies), each once.
    #[serde(default)]
    pub targets: Vec<Target>,
    /// The urgent actions about this case.
    #[serde(default)]
    pub actions: Vec<UrgentAction>,
}

impl CaseBundle {
    /// Leaves out every target email in `flagged` (lowercased addresses that bounced, see
    /// `outcry bounces`): what a public page shows, so no supporter is sent to a dead
    /// address. The stored case keeps them; an organizer decides whether to remove one.
    pub fn withhold_emails(&mut self, flagged: &[String]) {
        if flagged.is_empty() {
            return;
        }
        for target in &mut self.targets {
            target
                .emails
                .retain(|e| !flagged.contains(&e.to_string().to_lowercase()));
        }
    }

    /// The officials an action is addressed to, in the action's order. A slug the bundle does
    /// not hold is skipped (validation reports it; pages show what there is).
    pub fn targets_of(&self, action: &UrgentAction) -> Vec<&Target> {
        action
            .targets
            .iter()
            .filter_map(|s| self.target(s))
            .collect()
    }

    /// The officials who get copies of letters to `targets`, in order.
    pub fn copies_for(&self, targets: &[&Target]) -> Vec<&Target> {
        targets
            .iter()
            .flat_map(|t| t.copies_to.iter())
            .filter_map(|s| self.target(s))
            .collect()
    }

    /// A target of this bundle by its slug.
    pub fn target(&self, slug: &crate::Slug) -> Option<&Target> {
        self.targets.iter().find(|t| &t.slug == slug)
    }

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
        let mut numbers = BTreeSet::new();
        for (i, a) in self.actions.iter().enumerate() {
            let at = format!("actions[{i}]");
            a.check(&mut v, &at);
            // A publisher's number names one document; two actions with it are a copy-paste slip.
            if let Some(n) = &a.number
                && !numbers.insert(n.as_str())
            {
                v.push(
                    format!("{at}.number"),
                    Problem::Duplicate {
                        value: n.to_string(),
                    },
                );
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CaseStatus, Lang, Localized};

    #[test]
    fn two_actions_with_one_number_are_refused() {
        let case = Case::new(
            "x".parse().expect("slug"),
            Localized::one(Lang::EN, "X"),
            CaseStatus::Detained,
        );
        let mut a = UrgentAction::draft("a".parse().expect("slug"), Localized::one(Lang::EN, "A"));
        a.number = Some("UA 45/26".parse().expect("number"));
        let mut b = a.clone();
        b.slug = "b".parse().expect("slug");
        let bundle = CaseBundle {
            case,
            targets: vec![],
            actions: vec![a, b],
        };
        let err = bundle
            .validate(jiff::civil::date(2026, 11, 22))
            .expect_err("duplicate number");
        assert_eq!(err.0[0].field, "actions[1].number");
        assert_eq!(
            err.0[0].problem,
            Problem::Duplicate {
                value: "UA 45/26".into()
            }
        );
    }
}
