//! The extraction rules: every pattern that can produce a relation, by a
//! stable name. A relation's `rule` (in the interchange JSON and as
//! `ctkg:rule` in the store) is one of these names; ARCHITECTURE.md gives
//! each a line (a test keeps the two in step). Rename one only with care:
//! saved extractions and stores carry the names.

use std::fmt;
use std::ops::Range;

use super::Because;

macro_rules! rules {
    ($($(#[doc = $doc:literal])+ $variant:ident => $name:literal,)*) => {
        /// A pattern that reads relations from the text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($(#[doc = $doc])+ $variant,)*
        }

        impl Rule {
            pub const ALL: &[Rule] = &[$(Rule::$variant),*];

            /// The rule's stable name: kebab case, as written in the
            /// interchange JSON and the store.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name),*
                }
            }
        }
    };
}

rules! {
    /// "Tianjin, China": a place followed by ", <state>" lies in that state.
    PlaceCommaState => "place-comma-state",
    /// "the Pulwama attack", "the 2015 Paris attacks": the place in an attack's name.
    AttackPlaceInName => "attack-place-in-name",
    /// An attack the lexicon knows, whose place the statement also names.
    AttackPlaceFromLexicon => "attack-place-from-lexicon",
    /// A conference's venue in brackets or "in <place>" right after its name.
    ConferenceVenueAfterName => "conference-venue-after-name",
    /// A conference's dates in brackets or "on <date>" right after its name.
    ConferenceDateAfterName => "conference-date-after-name",
    /// "Ministry of Foreign Affairs of Tajikistan", "the French Ministry ...": the state written with the ministry.
    StateNamedWithMinistry => "state-named-with-ministry",
    /// A ministry the lexicon knows as one state's ("Ministry of External Affairs" → India).
    MinistryKnownToLexicon => "ministry-known-to-lexicon",
    /// A ministry without a stated state takes the state of the official whose post names it.
    StateOfMinistryOfficial => "state-of-ministry-official",
    /// A ministry without a stated state takes the one state the same ministry has elsewhere in the statement.
    StateOfSameMinistry => "state-of-same-ministry",
    /// "Mahaveer Singhvi, Joint Secretary ...": the post in the appositive after a name.
    PostAfterName => "post-after-name",
    /// "Uzbek President Shavkat Mirziyoyev": the post written before a name.
    PostBeforeName => "post-before-name",
    /// An official acts for the state of the ministry named in their post.
    StateOfMinistryInPost => "state-of-ministry-in-post",
    /// "Indian Prime Minister Narendra Modi": a state (or its adjective) before the post.
    StateBeforePost => "state-before-post",
    /// "Ambassador of India", "India's Ambassador": a state named in the post.
    StateInPost => "state-in-post",
    /// "The Indian delegation was led by X": the state of the delegation X led.
    DelegationLedBy => "delegation-led-by",
    /// "The Israeli delegation was co-led by A ... and B": B leads the same side as A.
    CoLeaderOfDelegation => "co-leader-of-delegation",
    /// "X, Director General, ... led the Pakistan delegation": the state of the delegation named after the post.
    LedTheDelegation => "led-the-delegation",
    /// Of the two leaders of a two-sided meeting, one of unknown state leads the side the other does not.
    OtherSideOfMeeting => "other-side-of-meeting",
    /// A ministry named inside an official's post ("Joint Secretary at the Ministry of External Affairs").
    MinistryInPost => "ministry-in-post",
    /// A ministry written right before an official's post ("the State Department's Coordinator").
    MinistryBeforePost => "ministry-before-post",
    /// A meeting named as a session of a mechanism ("the 15th Meeting of their Joint Working Group").
    SessionOfNamedMechanism => "session-of-named-mechanism",
    /// A meeting named without its mechanism ("the meeting") is a session of the mechanism the statement names most.
    SessionOfDocumentsMechanism => "session-of-documents-mechanism",
    /// "India-Tajikistan Joint Working Group", "Indo-French ...": the sides written before the mechanism's name.
    SidesFromMechanismName => "sides-from-mechanism-name",
    /// "... between India and Uzbekistan": the sides written after the mechanism or meeting.
    SidesBetween => "sides-between",
    /// "BRICS Counter-Terrorism Working Group": the body whose own mechanism it is takes part.
    BodyOfMechanism => "body-of-mechanism",
    /// "Delegations from ... attended", "under the chairmanship of ...": the states at a body's meeting.
    AttendingStates => "attending-states",
    /// A meeting whose sides are not written with it: the pair of states the statement names together most ("India and France").
    SidesFromPrincipalPair => "sides-from-principal-pair",
    /// "the 4th meeting of the India-Tajikistan Joint Working Group": the ordinal before the mechanism.
    OrdinalBeforeMechanism => "ordinal-before-mechanism",
    /// "the ninth meeting", "held its 44th meeting": an ordinal with the word meeting, round or session.
    OrdinalMeeting => "ordinal-meeting",
    /// The date nearest a mention of the meeting in the same sentence.
    DateNearMeeting => "date-near-meeting",
    /// "in Paris", "at Canberra", "New Delhi hosted": the place nearest a mention of the meeting in the same sentence.
    VenueNearMeeting => "venue-near-meeting",
    /// "held virtually", "via video conference" in a sentence that mentions the meeting.
    VirtualCue => "virtual-cue",
    /// A meeting with a venue (and no virtual cue) was held in person.
    InPersonAtVenue => "in-person-at-venue",
    /// An official named in a sentence that says someone led ("led by", "co-chaired", "led the delegations") and mentions the meeting.
    LeaderCue => "leader-cue",
    /// As leader-cue, in a sentence that names no meeting: the lead is in the statement's main meeting.
    LeaderOfMainMeeting => "leader-of-main-meeting",
    /// A group, resolution, conference, convention or attack the statement names is named by its main meeting.
    MainMeetingMentions => "main-meeting-mentions",
    /// How the meeting names it, from the nearest cue before it in its sentence ("action against", "condemned", "in accordance with").
    CueBeforeMention => "cue-before-mention",
}

impl Rule {
    /// This rule, reading the text at a byte range.
    pub(crate) fn at(self, span: Range<usize>) -> Because {
        Because {
            rule: self,
            at: span,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        for n in &names {
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{n}");
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
    }

    #[test]
    fn every_rule_has_a_line_in_architecture_md() {
        let architecture = include_str!("../../ARCHITECTURE.md");
        for rule in Rule::ALL {
            let entry = format!("- `{}` — ", rule.as_str());
            assert!(
                architecture.contains(&entry),
                "ARCHITECTURE.md lacks a line starting {entry:?}"
            );
        }
    }
}
