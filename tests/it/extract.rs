//! Extraction: quality on the sample corpus against its gold, the
//! interchange format, and what is found in sentences the corpus lacks.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use ctkg::model::{EntityType, Extraction, Target};

use crate::helpers::{corpus, corpus_run, ctkg, extract, gold, ok, stdout};

/// Facts as `(subject name, predicate, object name or value)`.
fn facts(x: &Extraction) -> Vec<(String, String, String)> {
    let name = |id: &str| x.entity(id).map_or(id.to_string(), |e| e.name.clone());
    x.relations
        .iter()
        .map(|r| {
            let o = match &r.target {
                Target::Object(o) => name(o),
                Target::Value(v) => v.clone(),
            };
            (name(&r.subject), r.predicate.to_string(), o)
        })
        .collect()
}

fn has(x: &Extraction, s: &str, p: &str, o: &str) -> bool {
    facts(x).contains(&(s.to_string(), p.to_string(), o.to_string()))
}

fn meeting(x: &Extraction) -> String {
    x.of_type(EntityType::Meeting)
        .next()
        .expect("a meeting")
        .name
        .clone()
}

/// Scores extraction of a folder of statements against its gold and fails
/// below entity F1 0.95 or relation F1 0.90.
fn assert_quality(corpus_dir: &Path, gold_dir: &Path) {
    assert_quality_above(corpus_dir, gold_dir, 0.95, 0.90);
}

/// Scores extraction of a folder of statements against its gold and fails
/// below the entity and relation F1 given.
fn assert_quality_above(corpus_dir: &Path, gold_dir: &Path, entities: f64, relations: f64) {
    let gold = ctkg::eval::read_gold(gold_dir).unwrap();
    let c = ctkg::corpus::read(&[corpus_dir.to_path_buf()], ctkg::corpus::DEFAULT_MAX_BYTES);
    assert!(c.skipped.is_empty() && c.documents.len() == gold.len());
    let run: Vec<Extraction> = c
        .documents
        .iter()
        .map(|d| crate::helpers::extractor().extract(&d.input()).extraction)
        .collect();
    let report = ctkg::eval::score(&gold, &run);
    println!("{}", report.to_text(true));
    assert!(
        report.f1_entities() >= entities,
        "entity F1 {}",
        report.f1_entities()
    );
    assert!(
        report.f1_relations() >= relations,
        "relation F1 {}",
        report.f1_relations()
    );
}

#[test]
fn the_sample_corpus_meets_its_gold() {
    assert_quality(&corpus(), &gold());
}

/// Ten statements beyond the sample corpus (other partners, multilateral
/// meetings, a statement with no meeting); see tests/fixtures/heldout/SOURCES.md.
#[test]
fn statements_beyond_the_sample_corpus_meet_their_gold() {
    let dir = crate::helpers::root().join("tests/fixtures/heldout");
    assert_quality(&dir.join("corpus"), &dir.join("gold"));
}

/// The development set (tests/fixtures/dev, 50 statements written for
/// ctkg) is not yet at the 0.95 / 0.90 of the sets above: this holds what
/// it scores now, so a change that loses ground on it fails.
#[test]
fn the_development_set_stays_above_its_measured_floor() {
    let dir = crate::helpers::root().join("tests/fixtures/dev");
    assert_quality_above(
        &dir.join("corpus"),
        &dir.join("gold"),
        DEV_ENTITY_F1_FLOOR,
        DEV_RELATION_F1_FLOOR,
    );
}

/// Entity and relation F1 on the development set, a little under what was
/// measured (see the test above).
const DEV_ENTITY_F1_FLOOR: f64 = 0.87;
const DEV_RELATION_F1_FLOOR: f64 = 0.58;

#[test]
fn ctkg_eval_and_the_project_scorer_agree() {
    let run = ok(ctkg(&["extract", "corpus", "--format", "jsonl"]));
    let dir = tempfile::tempdir().unwrap();
    let run_file = dir.path().join("run.jsonl");
    std::fs::write(&run_file, &run.stdout).unwrap();
    let scorer = Command::new("python3")
        .arg(crate::helpers::root().join("tests/fixtures/kgscore.py"))
        .args(["--json", "--gold"])
        .arg(gold())
        .arg("--pred")
        .arg(&run_file)
        .output()
        .expect("python3 runs the scorer");
    assert!(
        scorer.status.success(),
        "{}",
        String::from_utf8_lossy(&scorer.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&scorer.stdout).unwrap();
    let eval = ok(ctkg(&[
        "eval",
        "--gold",
        gold().to_str().unwrap(),
        "corpus",
        "--json",
    ]));
    let ours: serde_json::Value = serde_json::from_slice(&eval.stdout).unwrap();
    assert_eq!(ours, theirs);
}

#[test]
fn jsonl_is_one_interchange_object_per_document_with_exact_evidence() {
    let out = stdout(&ok(ctkg(&["extract", "corpus"])));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    for line in lines {
        let x: Extraction = serde_json::from_str(line).unwrap();
        let text = std::fs::read_to_string(corpus().join(&x.doc)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for e in &x.entities {
            for ev in &e.evidence {
                let quoted: String = chars[ev.start..ev.end].iter().collect();
                assert_eq!(quoted, ev.text, "{} in {}", e.name, x.doc);
            }
        }
    }
}

#[test]
fn the_table_is_for_people() {
    let out = stdout(&ok(ctkg(&[
        "extract",
        "corpus/000_4f75cd613c9314ca.txt",
        "--format",
        "table",
    ])));
    assert!(out.contains("== 000_4f75cd613c9314ca.txt"));
    assert!(out.contains("Jonon S. Sherali"));
    assert!(out.contains("ledBy"));
}

#[test]
fn one_official_one_key_across_statements() {
    let run = corpus_run();
    let keys: BTreeMap<String, usize> = run
        .iter()
        .flat_map(|x| {
            x.of_type(EntityType::Official)
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        })
        .fold(BTreeMap::new(), |mut m, k| {
            *m.entry(k).or_default() += 1;
            m
        });
    assert_eq!(keys.get("official/mahaveer-singhvi"), Some(&3), "{keys:?}");
}

#[test]
fn a_dialogue_with_a_multilateral_side() {
    let x = extract(
        "Brussels, 14 March 2024: The 5th India-EU Counter-Terrorism Dialogue was held in Brussels on 13 March 2024. The Indian delegation was led by Ms Anjali Rao, Joint Secretary (Counter Terrorism), Ministry of External Affairs.",
        None,
    );
    let m = meeting(&x);
    for (p, o) in [
        ("participant", "India"),
        ("participant", "European Union"),
        ("ordinal", "5"),
        ("date", "2024-03-13"),
        ("heldIn", "Brussels"),
        ("ledBy", "Anjali Rao"),
    ] {
        assert!(has(&x, &m, p, o), "missing {p} {o}: {:#?}", facts(&x));
    }
    assert!(has(&x, "Anjali Rao", "represents", "India"));
}

#[test]
fn other_partners_groups_and_relative_dates() {
    let x = extract(
        "Washington, May 10, 2024: Pakistan and the United States held their Counterterrorism Dialogue in Washington on Monday. Both sides condemned attacks by Tehrik-e-Taliban Pakistan (TTP) and ISIS-Khorasan and called for implementation of UN Security Council Resolution 1373.",
        None,
    );
    let m = meeting(&x);
    assert!(has(&x, &m, "participant", "Pakistan"), "{:#?}", facts(&x));
    assert!(has(&x, &m, "participant", "United States"));
    assert!(has(&x, &m, "date", "2024-05-06"), "{:#?}", facts(&x));
    assert!(has(&x, &m, "heldIn", "Washington"), "{:#?}", facts(&x));
    assert!(has(&x, &m, "mentions", "Tehrik-e-Taliban Pakistan"));
    assert!(has(&x, &m, "mentions", "UNSC Resolution 1373"));
}

#[test]
fn a_year_that_cannot_be_known_is_left_out() {
    let x = extract(
        "The 3rd meeting of the India-Egypt Joint Working Group on Counter-Terrorism was held in Cairo on 5 March.",
        None,
    );
    let m = meeting(&x);
    assert!(has(&x, &m, "ordinal", "3"));
    assert!(!facts(&x).iter().any(|(s, p, _)| *s == m && p == "date"));
}

#[test]
fn statements_without_a_meeting_have_none() {
    let x = extract(
        "The United States today designated The Resistance Front (TRF), a proxy of Lashkar-e-Taiba, as a Foreign Terrorist Organization.",
        Some("2025-07-18"),
    );
    assert_eq!(x.of_type(EntityType::Meeting).count(), 0);
    let groups: Vec<&str> = x
        .of_type(EntityType::TerroristGroup)
        .map(|e| e.name.as_str())
        .collect();
    assert!(
        groups.contains(&"The Resistance Front") && groups.contains(&"Lashkar-e-Taiba"),
        "{groups:?}"
    );
}

#[test]
fn initials_possessives_and_posts_around_names() {
    let x = extract(
        "The 16th meeting of the India-UK Joint Working Group on Counter-Terrorism was held in New Delhi. Mr K.D. Dewal, Joint Secretary for Counter Terrorism in the Ministry of External Affairs, and Mr. Chris Felton, Head of Counter Terrorism Network for Asia, led the respective delegations. Secretary of State Marco Rubio welcomed President Donald Trump's call.",
        None,
    );
    let officials: Vec<&str> = x
        .of_type(EntityType::Official)
        .map(|e| e.name.as_str())
        .collect();
    for name in ["K.D. Dewal", "Chris Felton", "Marco Rubio", "Donald Trump"] {
        assert!(officials.contains(&name), "{name} not in {officials:?}");
    }
    assert!(has(&x, &meeting(&x), "ledBy", "K.D. Dewal"));
    assert!(has(&x, "K.D. Dewal", "represents", "India"));
}

#[test]
fn a_ministry_before_the_post_and_a_post_phrase_before_the_name() {
    let x = extract(
        "Led by Ministry of External Affairs Joint Secretary Shri Mahaveer Singhvi and the State Department’s Principal Deputy Coordinator for Counterterrorism, Alina L. Romanowski, the delegations met.",
        None,
    );
    assert!(
        has(
            &x,
            "Mahaveer Singhvi",
            "memberOf",
            "Ministry of External Affairs"
        ),
        "{:#?}",
        facts(&x)
    );
    assert!(
        has(&x, "Alina L. Romanowski", "memberOf", "State Department"),
        "{:#?}",
        facts(&x)
    );
    assert!(has(
        &x,
        "Alina L. Romanowski",
        "represents",
        "United States"
    ));
}

#[test]
fn the_side_an_official_led_and_co_leaders_of_one_side() {
    let x = extract(
        "Ahmad Farooq, Director General Counter-Terrorism, Ministry of Foreign Affairs led the Pakistan delegation. The Israeli delegation was co-led by Ambassador Jeremy Issacharoff, DDG for Strategic Affairs, Ministry of Foreign Affairs and Mr. Eitan Ben David, Head of Counter Terrorism Bureau at the Prime Minister’s Office.",
        None,
    );
    assert!(
        has(&x, "Ahmad Farooq", "represents", "Pakistan"),
        "{:#?}",
        facts(&x)
    );
    assert!(has(
        &x,
        "Ahmad Farooq",
        "memberOf",
        "Ministry of Foreign Affairs of Pakistan"
    ));
    assert!(
        has(&x, "Jeremy Issacharoff", "represents", "Israel"),
        "{:#?}",
        facts(&x)
    );
    assert!(
        has(&x, "Eitan Ben David", "represents", "Israel"),
        "{:#?}",
        facts(&x)
    );
}

#[test]
fn a_multilateral_meeting_has_the_states_that_attended() {
    let x = extract(
        "On September 10, 2025, the 44th meeting of the Council of the Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization (SCO RATS) was held in Cholpon-Ata, Kyrgyz Republic. Delegations from the Republic of India, the Islamic Republic of Iran, the Russian Federation and the Republic of Uzbekistan attended the event.",
        None,
    );
    let m = meeting(&x);
    for side in [
        "India",
        "Iran",
        "Russia",
        "Uzbekistan",
        "SCO Regional Anti-Terrorist Structure",
    ] {
        assert!(has(&x, &m, "participant", side), "{side}: {:#?}", facts(&x));
    }
    assert!(has(&x, &m, "ordinal", "44"));
    assert!(has(&x, &m, "date", "2025-09-10"));
    assert!(has(&x, &m, "heldIn", "Cholpon-Ata"), "{:#?}", facts(&x));
    assert!(has(&x, "Cholpon-Ata", "locatedIn", "Kyrgyzstan"));
}

#[test]
fn a_bodys_working_group_chaired_by_a_state() {
    let x = extract(
        "New Delhi [India]. July 30 (ANI): The sixth meeting of the BRICS Counter-Terrorism Working Group (CTWG) was held virtually on 28-29 July under the Chairship of India.",
        Some("2021-07-30"),
    );
    let m = meeting(&x);
    assert!(has(&x, &m, "participant", "India"), "{:#?}", facts(&x));
    assert!(has(&x, &m, "participant", "BRICS"));
    assert!(has(&x, &m, "date", "2021-07-28"), "{:#?}", facts(&x));
    assert!(has(&x, &m, "endDate", "2021-07-29"));
    assert!(has(&x, &m, "virtual", "true"));
}

#[test]
fn an_earlier_session_named_by_its_month_is_another_meeting() {
    let x = extract(
        "Pakistan and the United States co-chaired the Pakistan-U.S. Counterterrorism Dialogue on 10 May 2024 in Washington. They trained 300 police officers since the last Pakistan-U.S. Counterterrorism Dialogue in March 2023.",
        None,
    );
    let mut ids: Vec<&str> = x
        .of_type(EntityType::Meeting)
        .map(|e| e.id.as_str())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "meeting/PAK-USA/ct-dialogue/2023-03",
            "meeting/PAK-USA/ct-dialogue/2024-05-10"
        ]
    );
}

#[test]
fn names_in_other_languages_are_not_states() {
    let x = extract(
        "Nicolas Nihon of the Belgian Presidency also took part.",
        None,
    );
    let states: Vec<&str> = x
        .of_type(EntityType::State)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(states, ["Belgium"]);
}

#[test]
fn a_mechanism_the_lexicon_does_not_know() {
    let x = extract(
        "The 3rd meeting of the India-Saudi Arabia Security Working Group was held in Riyadh on 28 January 2026. The Foreign Office of Pakistan was not involved.",
        None,
    );
    let m = x.of_type(EntityType::Meeting).next().expect("a meeting");
    assert_eq!(m.id, "meeting/IND-SAU/security-working-group/3");
    assert_eq!(m.name, "3rd India-Saudi Arabia Security Working Group");
    assert!(has(&x, &m.name, "heldIn", "Riyadh"));
    assert!(has(&x, &m.name, "date", "2026-01-28"));
    // "Foreign Office" is any state's foreign ministry, not only Britain's
    assert!(
        has(
            &x,
            "Ministry of Foreign Affairs of Pakistan",
            "ministryOf",
            "Pakistan"
        ),
        "{:#?}",
        facts(&x)
    );
}

#[test]
fn a_lower_case_post_before_the_name() {
    let x = extract(
        "The talks were held by Russian deputy minister of Foreign Affairs, Oleg Syromolotov, and his counterpart.",
        None,
    );
    assert!(
        has(&x, "Oleg Syromolotov", "represents", "Russia"),
        "{:#?}",
        facts(&x)
    );
}

#[test]
fn people_named_in_other_scripts_stay_apart() {
    let x = extract(
        "The delegations were led by Mr Сергей Иванов, Director of the Department, and Mr Олег Петров, Head of Division.",
        None,
    );
    let ids: Vec<&str> = x
        .of_type(EntityType::Official)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    assert!(ids.iter().all(|id| !id.ends_with('/')));
}

#[test]
fn no_break_spaces_are_spaces() {
    let x = extract(
        "India and France held the 15th\u{a0}Meeting of their Joint Working Group on Counter\u{a0}Terrorism in Paris on\u{202f}Tuesday.\u{3000}Then they left.",
        Some("2021-11-17"),
    );
    assert!(
        has(&x, &meeting(&x), "date", "2021-11-16"),
        "{:#?}",
        facts(&x)
    );
}

/// The facts of some predicates, as `(subject, predicate, object)` names,
/// sorted: what a phrasing-table row is checked against, exactly.
fn facts_of(x: &Extraction, predicates: &[&str]) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = facts(x)
        .into_iter()
        .filter(|(_, p, _)| predicates.contains(&p.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// One phrasing of a fact set: the text it is read from, and the exact
/// facts of the predicates asked.
fn check(text: &str, date: Option<&str>, predicates: &[&str], expected: &[(&str, &str, &str)]) {
    let x = extract(text, date);
    let mut want: Vec<(String, String, String)> = expected
        .iter()
        .map(|(s, p, o)| (s.to_string(), p.to_string(), o.to_string()))
        .collect();
    want.sort();
    assert_eq!(facts_of(&x, predicates), want, "in: {text}");
}

/// Every way of saying that a side was led by two officials gives the same
/// facts: each leads the meeting and represents the side named, never the
/// other one (with "chaired by" the second was once given to India).
#[test]
fn every_phrasing_of_a_delegation_led_by_two_gives_the_same_facts() {
    let meeting = "The 5th meeting of the India-France Joint Working Group on Counter-Terrorism was held in New Delhi on 10 January 2024. ";
    let leaders = "Mr Jean Dupont, Director for Strategic Affairs, and Mr Paul Martin, Deputy Director for Security";
    let session = "5th France-India Joint Working Group on Counter-Terrorism";
    let expected = [
        (session, "ledBy", "Jean Dupont"),
        (session, "ledBy", "Paul Martin"),
        ("Jean Dupont", "represents", "France"),
        ("Paul Martin", "represents", "France"),
    ];
    for phrasing in [
        "The French delegation was led by {leaders}.",
        "The French delegation was chaired by {leaders}.",
        "The French delegation was co-chaired by {leaders}.",
        "The French delegation was co-led by {leaders}.",
        "The French delegation was headed by {leaders}.",
        "The French delegation will be co-led by {leaders}.",
        "The French delegation was spearheaded by {leaders}.",
        "The French delegation was under the leadership of {leaders}.",
        "The French delegation was represented by {leaders}.",
    ] {
        let text = format!("{meeting}{}", phrasing.replace("{leaders}", leaders));
        check(&text, None, &["ledBy", "represents"], &expected);
    }
}

/// "X, <post>, <verb> the French delegation" for every verb of leading.
#[test]
fn every_verb_of_leading_before_the_side_gives_the_same_facts() {
    let meeting = "The 5th meeting of the India-France Joint Working Group on Counter-Terrorism was held in New Delhi on 10 January 2024. ";
    for verb in ["led", "chaired", "headed", "co-chaired", "spearheaded"] {
        let text = format!(
            "{meeting}Mr Jean Dupont, Director for Strategic Affairs, {verb} the French delegation."
        );
        check(
            &text,
            None,
            &["ledBy", "represents"],
            &[
                (
                    "5th France-India Joint Working Group on Counter-Terrorism",
                    "ledBy",
                    "Jean Dupont",
                ),
                ("Jean Dupont", "represents", "France"),
            ],
        );
    }
}

/// A session named with a qualifier between the verb and the mechanism
/// ("held their annual", "held the 2024") is a meeting, with its sides,
/// venue and date.
#[test]
fn a_session_with_a_qualifier_before_the_mechanism_is_a_meeting() {
    let facts = ["participant", "heldIn", "date"];
    let eu_us = "European Union-United States Counter-Terrorism Dialogue (2024-11-19)";
    check(
        "The European Union and the United States held their annual Counter-Terrorism Dialogue in Brussels on 19 November 2024.",
        None,
        &facts,
        &[
            (eu_us, "participant", "European Union"),
            (eu_us, "participant", "United States"),
            (eu_us, "heldIn", "Brussels"),
            (eu_us, "date", "2024-11-19"),
        ],
    );
    let us_dz = "Algeria-United States Counter-Terrorism Dialogue (2024-10-08)";
    check(
        "The United States and Algeria held the 2024 U.S.-Algeria Counterterrorism Dialogue in Algiers on October 8.",
        Some("2024-10-10"),
        &facts,
        &[
            (us_dz, "participant", "Algeria"),
            (us_dz, "participant", "United States"),
            (us_dz, "heldIn", "Algiers"),
            (us_dz, "date", "2024-10-08"),
        ],
    );
}
