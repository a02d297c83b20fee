//! Node colours by type, one palette for every writer (GraphML's r/g/b,
//! GEXF's viz:color, dot's fillcolor), so a picture and Gephi agree.

/// Colour-blind-friendly hues (Okabe–Ito, then Tableau's) for the domain
/// classes; a class the palette does not name gets a grey.
const COLOURS: &[(&str, [u8; 3])] = &[
    ("State", [0, 114, 178]),
    ("Meeting", [230, 159, 0]),
    ("Dialogue", [213, 94, 0]),
    ("Official", [0, 158, 115]),
    ("Ministry", [86, 180, 233]),
    ("TerroristGroup", [204, 51, 51]),
    ("Resolution", [204, 121, 167]),
    ("Convention", [148, 103, 189]),
    ("Conference", [240, 228, 66]),
    ("Organization", [23, 190, 207]),
    ("Attack", [120, 30, 30]),
    ("Place", [140, 140, 60]),
    ("Document", [190, 190, 190]),
];

pub fn colour(class: &str) -> [u8; 3] {
    COLOURS
        .iter()
        .find(|(c, _)| *c == class)
        .map_or([127, 127, 127], |(_, rgb)| *rgb)
}

pub fn hex(class: &str) -> String {
    let [r, g, b] = colour(class);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Black or white, whichever reads better on the class's colour.
pub fn text_hex(class: &str) -> &'static str {
    let [r, g, b] = colour(class);
    let luminance = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luminance < 110.0 {
        "#ffffff"
    } else {
        "#000000"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_domain_class_has_its_own_colour() {
        let ontology = crate::ontology::Ontology::builtin().unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for (_, class) in super::super::projection::node_classes(&ontology, true) {
            assert!(super::COLOURS.iter().any(|(c, _)| *c == class), "{class}");
            assert!(
                seen.insert(super::colour(&class)),
                "{class} shares a colour"
            );
        }
    }
}
