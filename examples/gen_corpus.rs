//! Generates a large, realistic, valid corpus for load benchmarks and scale tests.
//!
//! ```text
//! cargo run --release --example gen_corpus -- OUT N [--seed S] [--force]
//! ```
//!
//! Writes `N` claims under `OUT/claims` (event files nested by year and month, e.g.
//! `claims/2024/03/event-123.toml`) and the actors and sources they cite under `OUT/sources`.
//! The same seed always gives byte-identical files. It refuses to write into a non-empty
//! `OUT/claims` or `OUT/sources` unless `--force`, which deletes those two folders first.
//!
//! The corpus checks clean (`corroborate check OUT`: no errors, no warnings, for any "today" from
//! 2026-01-01 on): every id is valid and unique, every reference is defined, a relay is never its
//! own source, evidence is never dated before its event nor after 2025-12-31.
//!
//! Shape, per claim on average: about 4 evidence items (1–7); one source per 10 claims (at least
//! 5); one actor per 200 claims (at least 4) in opposed camps; about 25% of claims name the actor
//! they favour and/or harm, 20% are competing answers to a question (2–4 answers), 10% are marked
//! for publication. Half the evidence quotes its source (French or English, some non-ASCII), 20%
//! is hedged, 15% reached the desk through a relay.
//!
//! This file is also included by `benches/load.rs` and `benches/toml_floor.rs`
//! (`#[path = "../examples/gen_corpus.rs"] mod gen;`), which call [`generate`].

use rayon::prelude::*;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Actors defined.
    pub actors: usize,
    /// Sources defined.
    pub sources: usize,
    /// Events defined.
    pub events: usize,
    /// Claims defined.
    pub claims: usize,
    /// Evidence items written.
    pub evidence: usize,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.files += o.files;
        self.bytes += o.bytes;
        self.actors += o.actors;
        self.sources += o.sources;
        self.events += o.events;
        self.claims += o.claims;
        self.evidence += o.evidence;
    }
}

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64, one stream for the corpus plan and one per file (so files can be
// written in parallel and still be byte-identical for a seed).

#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A stream for file `index`, independent of the order files are written in.
    fn for_file(seed: u64, index: u64) -> Self {
        let mut mix = Rng(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng(mix.next() ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the given integer weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const FIRST_DAY_YEAR: i32 = 2024;
/// Days from 2024-01-01 to 2025-12-31 inclusive.
const DAYS: usize = 731;

const ACTOR_STEMS: &[(&str, &str)] = &[
    ("front", "Front de libération"),
    ("army", "Armed forces"),
    ("brigade", "Brigade"),
    ("coalition", "Coalition"),
    ("movement", "Mouvement pour l'unité"),
    ("militia", "Self-defence militia"),
    ("government", "Transitional government"),
    ("group", "Groupe de soutien"),
    ("corps", "Expeditionary corps"),
    ("alliance", "Alliance des forces"),
];

/// Places, with their country.
const REGIONS: &[(&str, &str)] = &[
    ("Kidal", "Mali"),
    ("Gao", "Mali"),
    ("Ménaka", "Mali"),
    ("Tinzaouatène", "Mali"),
    ("Tombouctou", "Mali"),
    ("Mopti", "Mali"),
    ("Ségou", "Mali"),
    ("Anéfis", "Mali"),
    ("Aguelhok", "Mali"),
    ("Tessalit", "Mali"),
    ("Léré", "Mali"),
    ("Djibo", "Burkina Faso"),
    ("Diffa", "Niger"),
    ("Tillabéri", "Niger"),
    ("Boni", "Burkina Faso"),
    ("Niono", "Mali"),
];

const EVENT_KINDS: &[&str] = &[
    "Ambush of a convoy",
    "Drone strike",
    "Attack on a military post",
    "Clashes",
    "Abduction of civilians",
    "Explosion at a market",
    "Siege",
    "Air strike",
    "Raid on a village",
    "Withdrawal of troops",
];

const CLAIM_SLUGS: &[&str] = &[
    "attack-took-place",
    "casualties",
    "civilians-killed",
    "vehicles-destroyed",
    "drone-used",
    "attackers",
    "withdrawal",
    "hostages-taken",
    "responsibility",
    "damage",
    "prisoners",
    "foreign-fighters",
];

const QUESTION_SLUGS: &[&str] = &[
    "who-attacked",
    "death-toll",
    "losses",
    "who-controls",
    "what-weapon",
    "when",
];

/// The kinds of sources that speak for no actor, with their weights.
const FREE_KINDS: &[(&str, u32)] = &[
    ("media", 30),
    ("agency", 8),
    ("ngo", 12),
    ("intergovernmental", 4),
    ("local", 18),
    ("eyewitness", 10),
    ("document", 6),
    ("social", 12),
];

/// Every kind, in the order the sources folder is laid out.
const KINDS: &[&str] = &[
    "party",
    "official",
    "media",
    "agency",
    "ngo",
    "intergovernmental",
    "local",
    "eyewitness",
    "document",
    "social",
];

const KIND_NAMES: &[&str] = &[
    "spokesman",
    "Ministry communiqué",
    "Radio",
    "Agence",
    "Observatoire",
    "UN mission",
    "Local sources in",
    "Witness in",
    "Report",
    "Account",
];

const RELIABILITY: &[(&str, u32)] = &[
    ("A", 4),
    ("B", 26),
    ("C", 36),
    ("D", 22),
    ("E", 5),
    ("F", 7),
];

const STANCES: &[(&str, u32)] = &[
    ("asserts", 38),
    ("confirms", 32),
    ("denies", 11),
    ("disputes", 10),
    ("retracts", 3),
    ("no-comment", 6),
];

/// Weights of 1..=7 evidence items per claim (mean about 4).
const EVIDENCE_COUNTS: &[u32] = &[6, 12, 20, 24, 18, 12, 8];

#[rustfmt::skip]
const FRENCH: &[&str] = &[
    "le", "convoi", "a", "été", "attaqué", "près", "de", "selon", "des", "sources", "locales",
    "l'armée", "reconnu", "combats", "communiqué", "bilan", "provisoire", "véhicules", "détruits",
    "aurait", "tués", "blessés", "négociations", "côté", "forces", "armées", "rebelles", "à", "où",
    "plusieurs", "témoins", "ont", "vu", "hélicoptère", "drone", "frappe", "village", "marché",
    "civils", "deux", "trois", "dizaine", "hier", "matin", "soir", "ça", "reçu", "français",
    "façade", "déclaré", "élément", "préfecture", "otages", "enlevés", "l'attaque", "revendiquée",
    "démenti", "formellement", "aucune", "victime", "n'a", "pas", "été", "signalée", "très",
    "lourd", "après", "leçon", "garçon", "fuite", "poste", "militaire", "incendié",
];

#[rustfmt::skip]
const ENGLISH: &[&str] = &[
    "the", "convoy", "was", "attacked", "near", "according", "to", "local", "sources", "army",
    "confirmed", "fighting", "statement", "vehicles", "destroyed", "reportedly", "witnesses",
    "said", "drone", "strike", "hit", "market", "civilians", "killed", "wounded", "officials",
    "denied", "any", "involvement", "in", "incident", "on", "Monday", "morning", "town", "of",
    "at", "least", "two", "dozen", "fighters", "withdrew", "from", "base", "after", "heavy",
    "clashes", "no", "casualties", "were", "reported", "by", "ministry", "spokesman", "claimed",
    "responsibility", "for", "attack", "hostages", "taken", "outpost", "burned", "and", "a",
];

// ---------------------------------------------------------------------------------------------
// The plan: everything global, decided sequentially from the seed.

struct ActorDef {
    id: String,
    name: String,
    opposes: Vec<u32>,
    allied: Vec<u32>,
}

struct SourceDef {
    id: String,
    name: String,
    kind: usize,
    actor: Option<u32>,
    origin: Option<u32>,
    reliability: &'static str,
    url: bool,
}

struct ClaimFile {
    /// Relative path under the corpus root.
    path: PathBuf,
    /// Prefix of the file's claim ids (the file stem).
    stem: String,
    /// Index of the event file whose event these claims are about.
    event: usize,
    /// Whether this file defines its event (`[event]`) or names one from another file.
    header: bool,
    /// Day of the event, 0 = 2024-01-01.
    day: usize,
    claims: usize,
}

struct Plan {
    seed: u64,
    actors: Vec<ActorDef>,
    sources: Vec<SourceDef>,
    /// Sources speaking for each actor.
    by_actor: Vec<Vec<u32>>,
    /// Media and agencies, which relay others.
    relays: Vec<u32>,
    files: Vec<ClaimFile>,
    /// "YYYY-MM-DD" for each day.
    dates: Vec<String>,
}

fn civil(day: usize) -> (i32, u32, u32) {
    let mut year = FIRST_DAY_YEAR;
    let mut left = day as u32;
    loop {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let len = if leap { 366 } else { 365 };
        if left < len {
            let months = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            let mut month = 1;
            for m in months {
                if left < m {
                    break;
                }
                left -= m;
                month += 1;
            }
            return (year, month, left + 1);
        }
        left -= len;
        year += 1;
    }
}

fn plan(n: usize, seed: u64) -> Plan {
    let mut rng = Rng::new(seed);
    let dates = (0..DAYS)
        .map(|d| {
            let (y, m, day) = civil(d);
            format!("{y:04}-{m:02}-{day:02}")
        })
        .collect();

    // Actors, in camps: allies within a camp, adversaries across camps.
    let n_actors = (n / 200).max(4);
    let camps = (n_actors / 6).max(2);
    let mut actors = Vec::with_capacity(n_actors);
    for i in 0..n_actors {
        let (stem, name) = ACTOR_STEMS[i % ACTOR_STEMS.len()];
        let region = REGIONS[(i / ACTOR_STEMS.len()) % REGIONS.len()].0;
        let camp = i % camps;
        let members = |c: usize| (n_actors - c).div_ceil(camps);
        let mut allied = Vec::new();
        for _ in 0..rng.between(0, 2) {
            let j = (camp + camps * rng.below(members(camp))) as u32;
            if j as usize != i && !allied.contains(&j) {
                allied.push(j);
            }
        }
        let mut opposes = Vec::new();
        for _ in 0..rng.between(1, 3) {
            let other = (camp + 1 + rng.below(camps - 1)) % camps;
            let j = (other + camps * rng.below(members(other))) as u32;
            if !opposes.contains(&j) {
                opposes.push(j);
            }
        }
        actors.push(ActorDef {
            id: format!("{stem}-{i}"),
            name: format!("{name} ({region}) n°{i}"),
            opposes,
            allied,
        });
    }

    // Sources.
    let n_sources = (n / 10).max(5);
    let mut sources = Vec::with_capacity(n_sources);
    let mut by_actor = vec![Vec::new(); n_actors];
    let mut relays = Vec::new();
    let free_weights: Vec<u32> = FREE_KINDS.iter().map(|k| k.1).collect();
    let rel_weights: Vec<u32> = RELIABILITY.iter().map(|r| r.1).collect();
    let mut origins = 0u32;
    let mut group: Option<(u32, usize)> = None;
    for i in 0..n_sources {
        let actor = rng.chance(0.30).then(|| rng.below(n_actors) as u32);
        let kind = match actor {
            Some(_) if rng.chance(0.6) => 0,
            Some(_) => 1,
            None => {
                let k = FREE_KINDS[rng.weighted(&free_weights)].0;
                KINDS.iter().position(|x| *x == k).unwrap_or(2)
            }
        };
        // About 15% of sources share a declared origin with 1–4 neighbours.
        let origin = match group {
            Some((g, left)) if left > 0 => {
                group = Some((g, left - 1));
                Some(g)
            }
            _ if rng.chance(0.048) => {
                origins += 1;
                group = Some((origins, rng.between(1, 4)));
                Some(origins)
            }
            _ => None,
        };
        let region = rng.pick(REGIONS).0;
        let name = match actor {
            Some(a) => format!(
                "{}: {} (source {i})",
                actors[a as usize].name, KIND_NAMES[kind]
            ),
            None => format!("{} {region} {i}", KIND_NAMES[kind]),
        };
        if let Some(a) = actor {
            by_actor[a as usize].push(i as u32);
        }
        if matches!(KINDS[kind], "media" | "agency") {
            relays.push(i as u32);
        }
        sources.push(SourceDef {
            id: format!("{}-{i}", KINDS[kind]),
            name,
            kind,
            actor,
            origin,
            reliability: RELIABILITY[rng.weighted(&rel_weights)].0,
            url: rng.chance(0.6),
        });
    }

    // Claim files: ~20–100 claims each; about 5% are follow-ups naming an earlier file's event.
    let mut files: Vec<ClaimFile> = Vec::new();
    let mut left = n;
    while left > 0 {
        let mut size = rng.between(20, 100).min(left);
        if left - size < 20 {
            size = left;
        }
        left -= size;
        let index = files.len();
        let follow = index > 0 && rng.chance(0.05);
        let (event, header, day) = if follow {
            // Follow-ups name an event defined in an earlier file with a header.
            let mut k = rng.below(index);
            if !files[k].header {
                k = files[k].event;
            }
            (k, false, files[k].day)
        } else {
            (index, true, rng.below(DAYS))
        };
        let (y, m, _) = civil(day);
        let stem = if header {
            format!("event-{index}")
        } else {
            format!("followup-{index}")
        };
        files.push(ClaimFile {
            path: PathBuf::from(format!("claims/{y:04}/{m:02}/{stem}.toml")),
            stem,
            event,
            header,
            day,
            claims: size,
        });
    }

    Plan {
        seed,
        actors,
        sources,
        by_actor,
        relays,
        files,
        dates,
    }
}

// ---------------------------------------------------------------------------------------------
// Writing.

/// A buffered file that counts what it writes.
struct Out {
    inner: BufWriter<File>,
    bytes: u64,
}

impl Out {
    fn create(path: &Path) -> io::Result<Out> {
        Ok(Out {
            inner: BufWriter::with_capacity(1 << 16, File::create(path)?),
            bytes: 0,
        })
    }

    fn finish(mut self) -> io::Result<u64> {
        self.inner.flush()?;
        Ok(self.bytes)
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)?;
        self.bytes += buf.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `text` as a TOML basic string.
fn quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn id_list(out: &mut String, ids: impl Iterator<Item = u32>, actors: &[ActorDef]) {
    out.push('[');
    for (i, a) in ids.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        quoted(out, &actors[a as usize].id);
    }
    out.push(']');
}

/// A sentence of `lo..=hi` words from `words`, capitalised, some words in «guillemets».
fn sentence(rng: &mut Rng, out: &mut String, words: &[&str], lo: usize, hi: usize) {
    let n = rng.between(lo, hi);
    let guillemets = if rng.chance(0.25) {
        let start = rng.below(n - 2);
        (start, start + rng.between(1, 3))
    } else {
        (usize::MAX, usize::MAX)
    };
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        if i == guillemets.0 {
            out.push_str("« ");
        }
        let word = rng.pick(words);
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(word);
        }
        if i == guillemets.1 {
            out.push_str(" »");
        }
    }
    out.push('.');
}

const CHUNK: usize = 500;

fn write_actors(root: &Path, plan: &Plan, chunk: usize) -> io::Result<Stats> {
    let path = root.join(format!("sources/actors/actors-{chunk:03}.toml"));
    let mut out = Out::create(&path)?;
    let mut buf = String::with_capacity(1 << 16);
    let _ = writeln!(
        buf,
        "# Actors {}..{} (gen_corpus, seed {}).",
        chunk * CHUNK,
        ((chunk + 1) * CHUNK).min(plan.actors.len()),
        plan.seed
    );
    let mut count = 0;
    for a in plan.actors.iter().skip(chunk * CHUNK).take(CHUNK) {
        count += 1;
        buf.push_str("\n[[actor]]\nid = ");
        quoted(&mut buf, &a.id);
        buf.push_str("\nname = ");
        quoted(&mut buf, &a.name);
        buf.push_str("\nopposes = ");
        id_list(&mut buf, a.opposes.iter().copied(), &plan.actors);
        if !a.allied.is_empty() {
            buf.push_str("\nallied = ");
            id_list(&mut buf, a.allied.iter().copied(), &plan.actors);
        }
        buf.push('\n');
    }
    out.write_all(buf.as_bytes())?;
    Ok(Stats {
        files: 1,
        bytes: out.finish()?,
        actors: count,
        ..Stats::default()
    })
}

fn write_sources(root: &Path, plan: &Plan, kind: usize, members: &[u32]) -> io::Result<Stats> {
    let mut stats = Stats::default();
    for (chunk, part) in members.chunks(CHUNK).enumerate() {
        let name = KINDS[kind];
        let path = root.join(format!("sources/{name}/{name}-{chunk:03}.toml"));
        let mut out = Out::create(&path)?;
        let mut buf = String::with_capacity(1 << 16);
        let _ = writeln!(
            buf,
            "# Sources of kind {name} (gen_corpus, seed {}).",
            plan.seed
        );
        for &i in part {
            let s = &plan.sources[i as usize];
            buf.push_str("\n[[source]]\nid = ");
            quoted(&mut buf, &s.id);
            buf.push_str("\nname = ");
            quoted(&mut buf, &s.name);
            buf.push_str("\nkind = \"");
            buf.push_str(KINDS[s.kind]);
            buf.push('"');
            if let Some(a) = s.actor {
                buf.push_str("\nactor = ");
                quoted(&mut buf, &plan.actors[a as usize].id);
            }
            if let Some(g) = s.origin {
                let _ = write!(buf, "\norigin = \"group-{g}\"");
            }
            buf.push_str("\nreliability = \"");
            buf.push_str(s.reliability);
            buf.push('"');
            if s.url {
                let _ = write!(buf, "\nurl = \"https://news.example.org/{}\"", s.id);
            }
            buf.push('\n');
            if buf.len() > 60_000 {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        out.write_all(buf.as_bytes())?;
        stats += Stats {
            files: 1,
            bytes: out.finish()?,
            sources: part.len(),
            ..Stats::default()
        };
    }
    Ok(stats)
}

/// A source for a new evidence item: mostly the well-cited head of the list, not yet used.
fn fresh_source(rng: &mut Rng, plan: &Plan, used: &[u32], pool: Option<&[u32]>) -> Option<u32> {
    for _ in 0..16 {
        let s = match pool {
            Some(pool) if !pool.is_empty() => *rng.pick(pool),
            Some(_) => return None,
            None if rng.chance(0.7) => {
                let u = rng.unit();
                (u * u * plan.sources.len() as f64) as u32
            }
            None => rng.below(plan.sources.len()) as u32,
        };
        if !used.contains(&s) {
            return Some(s);
        }
    }
    None
}

fn write_claims(root: &Path, plan: &Plan, index: usize) -> io::Result<Stats> {
    let file = &plan.files[index];
    let mut rng = Rng::for_file(plan.seed, index as u64 + 1);
    let mut out = Out::create(&root.join(&file.path))?;
    let mut buf = String::with_capacity(1 << 17);
    let event_id = format!("event-{}", file.event);
    let mut stats = Stats {
        files: 1,
        claims: file.claims,
        ..Stats::default()
    };

    // Same title and place for the event whichever file is written: derived from its own stream.
    let mut event_rng = Rng::for_file(plan.seed ^ 0xE7E7, file.event as u64);
    let kind = *event_rng.pick(EVENT_KINDS);
    let (region, country) = *event_rng.pick(REGIONS);
    if file.header {
        stats.events = 1;
        let _ = write!(
            buf,
            "# {kind} near {region}: {} claims (gen_corpus, seed {}).\n\n[event]\nid = \"{event_id}\"\ntitle = \"{kind} near {region}\"\ndate = {}\nplace = \"{region}, {country}\"\n",
            file.claims, plan.seed, plan.dates[file.day]
        );
    } else {
        let _ = writeln!(
            buf,
            "# Follow-up on {event_id} ({kind} near {region}): {} claims (gen_corpus, seed {}).",
            file.claims, plan.seed
        );
    }

    let stance_weights: Vec<u32> = STANCES.iter().map(|s| s.1).collect();
    let mut question: Option<(usize, usize)> = None; // (number, answers left)
    let mut questions = 0;
    let mut used: Vec<u32> = Vec::with_capacity(8);
    let mut items: Vec<(u32, usize, usize)> = Vec::with_capacity(8); // (source, stance, day)
    for j in 0..file.claims {
        let left = file.claims - j;
        question = match question {
            Some((q, n)) if n > 1 => Some((q, n - 1)),
            _ if left >= 2 && rng.chance(0.077) => {
                questions += 1;
                Some((questions, rng.between(2, 4).min(left)))
            }
            _ => None,
        };
        buf.push_str("\n[[claim]]\nid = \"");
        let id_start = buf.len();
        let _ = write!(buf, "{}.{}-{j}", file.stem, rng.pick(CLAIM_SLUGS));
        let claim_id = buf[id_start..].to_owned();
        buf.push_str("\"\ntext = \"");
        sentence(&mut rng, &mut buf, ENGLISH, 8, 20);
        buf.push('"');

        // Interests: 25% of claims name whom they serve and/or harm.
        let (mut favours, mut against) = (None, None);
        if rng.chance(0.25) {
            let a = rng.below(plan.actors.len());
            let enemy = *rng.pick(&plan.actors[a].opposes) as usize;
            match rng.below(10) {
                0 => favours = Some(a),
                1 => against = Some(enemy),
                _ => (favours, against) = (Some(a), Some(enemy)),
            }
        }
        if let Some(a) = favours {
            let _ = write!(buf, "\nfavours = \"{}\"", plan.actors[a].id);
        }
        if let Some(a) = against {
            let _ = write!(buf, "\nagainst = \"{}\"", plan.actors[a].id);
        }
        if !file.header {
            let _ = write!(buf, "\nevent = \"{event_id}\"");
        }
        if let Some((q, _)) = question {
            let slug = QUESTION_SLUGS[q % QUESTION_SLUGS.len()];
            let _ = write!(buf, "\nquestion = \"{}.{slug}-{q}\"", file.stem);
        }
        // A claim the desk publishes has every item linked (as `check` asks: `unlinked-evidence`).
        let publish = rng.chance(0.10);
        if publish {
            buf.push_str("\npublish = true");
        }
        buf.push('\n');

        // Evidence: sorted dates from the event day on, stances mixed.
        let k = (rng.weighted(EVIDENCE_COUNTS) + 1).min(plan.sources.len());
        let mut days: Vec<usize> = (0..k)
            .map(|_| {
                let offset = if rng.chance(0.4) {
                    0
                } else {
                    let u = rng.unit();
                    1 + (u * u * 90.0) as usize
                };
                (file.day + offset).min(DAYS - 1)
            })
            .collect();
        days.sort_unstable();
        used.clear();
        items.clear();
        for (t, &day) in days.iter().enumerate() {
            let mut stance = if t == 0 && rng.chance(0.85) {
                0
            } else {
                rng.weighted(&stance_weights)
            };
            let source = if STANCES[stance].0 == "retracts" {
                // A source retracts its own earlier support.
                let supporters: Vec<u32> = items
                    .iter()
                    .filter(|(_, s, _)| *s <= 1)
                    .map(|(src, _, _)| *src)
                    .collect();
                if supporters.is_empty() {
                    stance = 0;
                    None
                } else {
                    Some(*rng.pick(&supporters))
                }
            } else {
                None
            };
            let source = match source {
                Some(s) => Some(s),
                None => {
                    // Interested parties speak for themselves: the favoured side asserts, the
                    // harmed side denies, declines to comment or, now and then, admits.
                    let pool = match (favours, against) {
                        (Some(a), _) if t == 0 && rng.chance(0.5) => Some(a),
                        (_, Some(a)) if t > 0 && rng.chance(0.3) => {
                            stance = *rng.pick(&[0, 1, 2, 2, 3, 5]);
                            Some(a)
                        }
                        _ => None,
                    };
                    let pool = pool.map(|a| plan.by_actor[a].as_slice());
                    fresh_source(&mut rng, plan, &used, pool)
                        .or_else(|| fresh_source(&mut rng, plan, &used, None))
                }
            };
            let Some(source) = source else { continue };
            if !used.contains(&source) {
                used.push(source);
            }
            items.push((source, stance, day));

            stats.evidence += 1;
            let _ = write!(
                buf,
                "\n[[claim.evidence]]\nsource = \"{}\"\nstance = \"{}\"\ndate = {}",
                plan.sources[source as usize].id, STANCES[stance].0, plan.dates[day]
            );
            if rng.chance(0.1) {
                let _ = write!(buf, "T{:02}:{:02}:00Z", rng.below(24), rng.below(60));
            }
            if rng.chance(0.15) {
                let mut via = if plan.relays.is_empty() {
                    rng.below(plan.sources.len()) as u32
                } else {
                    *rng.pick(&plan.relays)
                };
                if via == source {
                    via = (via + 1) % plan.sources.len() as u32;
                }
                let _ = write!(buf, "\nvia = \"{}\"", plan.sources[via as usize].id);
            }
            if rng.chance(0.2) {
                buf.push_str("\nhedged = true");
            }
            if publish {
                let _ = write!(
                    buf,
                    "\nurl = \"https://news.example.org/{}/{claim_id}/{t}\"",
                    plan.sources[source as usize].id
                );
            }
            if rng.chance(0.5) {
                let french = rng.chance(0.6);
                buf.push_str("\nquote = \"");
                sentence(
                    &mut rng,
                    &mut buf,
                    if french { FRENCH } else { ENGLISH },
                    10,
                    25,
                );
                buf.push_str(if french {
                    "\"\nlang = \"fr\""
                } else {
                    "\"\nlang = \"en\""
                });
            }
            buf.push('\n');
        }
        if buf.len() > 100_000 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    stats.bytes = out.finish()?;
    Ok(stats)
}

fn is_non_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_some())
}

/// Writes a corpus of `n` claims into `out`, deterministic for `seed`.
///
/// Refuses (`AlreadyExists`) if `out/claims` or `out/sources` exists and is not empty.
pub fn generate(out: &Path, n: usize, seed: u64) -> io::Result<Stats> {
    for section in ["claims", "sources"] {
        let dir = out.join(section);
        if is_non_empty_dir(&dir) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not empty", dir.display()),
            ));
        }
    }
    let plan = plan(n, seed);

    // Folders first, then every file on its own (in parallel; each file has its own stream).
    let mut dirs: Vec<PathBuf> = vec![out.join("sources/actors")];
    dirs.extend(KINDS.iter().map(|k| out.join("sources").join(k)));
    for f in &plan.files {
        if let Some(parent) = f.path.parent() {
            let dir = out.join(parent);
            if dirs.last() != Some(&dir) {
                dirs.push(dir);
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir)?;
    }

    let mut by_kind = vec![Vec::new(); KINDS.len()];
    for (i, s) in plan.sources.iter().enumerate() {
        by_kind[s.kind].push(i as u32);
    }
    let actor_chunks = plan.actors.len().div_ceil(CHUNK);
    enum Job {
        Actors(usize),
        Sources(usize),
        Claims(usize),
    }
    let jobs: Vec<Job> = (0..actor_chunks)
        .map(Job::Actors)
        .chain((0..KINDS.len()).map(Job::Sources))
        .chain((0..plan.files.len()).map(Job::Claims))
        .collect();
    let parts = jobs
        .par_iter()
        .map(|job| match *job {
            Job::Actors(chunk) => write_actors(out, &plan, chunk),
            Job::Sources(kind) => write_sources(out, &plan, kind, &by_kind[kind]),
            Job::Claims(index) => write_claims(out, &plan, index),
        })
        .collect::<io::Result<Vec<Stats>>>()?;
    // Kinds with no source leave an empty folder; remove it so the tree holds only real files.
    for (kind, members) in by_kind.iter().enumerate() {
        if members.is_empty() {
            fs::remove_dir(out.join("sources").join(KINDS[kind]))?;
        }
    }
    let mut total = Stats::default();
    for part in parts {
        total += part;
    }
    Ok(total)
}

const USAGE: &str = "usage: gen_corpus OUT N [--seed S] [--force | --reuse]\n\n\
    Writes a corpus of N claims into OUT (OUT/claims, OUT/sources); deterministic for a seed\n\
    (default 1). --force deletes an existing OUT/claims and OUT/sources first. --reuse keeps\n\
    OUT as it is when this generator, at this N and seed, wrote it (OUT/.gen_corpus says so),\n\
    and writes it afresh otherwise: a corpus left by an older generator is never measured.";

/// What OUT/.gen_corpus records: the claim count, the seed and a hash of this file, so that a
/// corpus written before the generator changed is written again.
fn stamp(n: usize, seed: u64) -> String {
    // FNV-1a: a fingerprint, not a defence.
    let source = include_str!("gen_corpus.rs");
    let hash = source.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("claims={n} seed={seed} generator={hash:016x}\n")
}

fn main() {
    let mut positional = Vec::new();
    let mut seed = 1u64;
    let mut force = false;
    let mut reuse = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => {
                seed = match args.next().and_then(|s| s.parse().ok()) {
                    Some(s) => s,
                    None => fail("--seed needs an unsigned integer"),
                }
            }
            "--force" => force = true,
            "--reuse" => reuse = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            _ if arg.starts_with("--seed=") => {
                seed = arg["--seed=".len()..]
                    .parse()
                    .unwrap_or_else(|_| fail("--seed needs an unsigned integer"));
            }
            _ if arg.starts_with('-') => fail(&format!("unknown option {arg}")),
            _ => positional.push(arg),
        }
    }
    let [out, n] = positional.as_slice() else {
        fail("expected OUT and N");
    };
    let out = PathBuf::from(out);
    let n: usize = n
        .replace('_', "")
        .parse()
        .unwrap_or_else(|_| fail("N must be a number of claims"));
    if n == 0 {
        fail("N must be at least 1");
    }
    let stamp_file = out.join(".gen_corpus");
    if reuse {
        if fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp(n, seed)) {
            println!("reusing {} ({n} claims, seed {seed})", out.display());
            return;
        }
        force = true;
    }
    if force {
        let _ = fs::remove_file(&stamp_file);
        for section in ["claims", "sources"] {
            let dir = out.join(section);
            if dir.exists() {
                if let Err(e) = fs::remove_dir_all(&dir) {
                    fail(&format!("cannot remove {}: {e}", dir.display()));
                }
            }
        }
    }
    let start = Instant::now();
    match generate(&out, n, seed) {
        Ok(s) => {
            let secs = start.elapsed().as_secs_f64();
            println!(
                "wrote {} files, {} bytes ({:.1} MiB) to {} in {secs:.2}s: {} claims, {} evidence items, {} events, {} sources, {} actors (seed {seed})",
                s.files,
                s.bytes,
                s.bytes as f64 / (1024.0 * 1024.0),
                out.display(),
                s.claims,
                s.evidence,
                s.events,
                s.sources,
                s.actors
            );
            if let Err(e) = fs::write(&stamp_file, stamp(n, seed)) {
                fail(&format!("cannot write {}: {e}", stamp_file.display()));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fail(&format!("{e}; pass --force to replace it"))
        }
        Err(e) => fail(&format!("cannot write the corpus: {e}")),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("gen_corpus: {message}\n\n{USAGE}");
    std::process::exit(2)
}
