//! The phases a portal's projects move through (a built-in model or the portal's own), and
//! the two states, paused and stopped, that a project can be in after any phase.

use std::sync::Arc;

use serde::Serialize;

use crate::i18n::Lang;

pub const PAUSED: &str = "paused";
pub const STOPPED: &str = "stopped";

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Phase {
    pub id: String,
    pub label: String,
    pub description: Option<String>,
}

/// The phases a portal's projects move through, in order, plus the states `paused` and
/// `stopped` that a project can be in after any phase.
#[derive(Debug, Clone)]
pub struct PhaseModel {
    pub name: String,
    pub phases: Vec<Phase>,
    paused: String,
    stopped: String,
    /// Every id a `phase` may take, in order, shared by the [`PhaseRef`]s that name them.
    ids: Vec<Arc<str>>,
}

impl PhaseModel {
    pub fn builtin_ids(name: &str) -> &'static [&'static str] {
        match name {
            "five-phase" => &["udforsk", "nytaenk", "test", "implementer", "foelg-op"],
            "blt" => &["behov", "loesning", "test"],
            _ => &["ide", "nytt", "nyttig", "nyttiggjort"],
        }
    }

    pub fn builtin(name: &str, lang: Lang) -> PhaseModel {
        let t = lang.strings();
        let phases = Self::builtin_ids(name)
            .iter()
            .map(|id| Phase {
                id: (*id).to_owned(),
                label: t.get(&format!("phase.{id}")).into_owned(),
                description: t.lookup(&format!("phase_description.{id}")).map(str::to_owned),
            })
            .collect();
        Self::with_states(name, phases, lang)
    }

    /// The same model with the labels of `lang`: a built-in model's own, a custom model's
    /// phases as the portal names them, and the states' of `lang`.
    pub fn in_language(&self, lang: Lang) -> PhaseModel {
        if self.name == "custom" { Self::custom(self.phases.clone(), lang) } else { Self::builtin(&self.name, lang) }
    }

    pub fn custom(phases: Vec<Phase>, lang: Lang) -> PhaseModel {
        Self::with_states("custom", phases, lang)
    }

    fn with_states(name: &str, phases: Vec<Phase>, lang: Lang) -> PhaseModel {
        let t = lang.strings();
        let ids = phases.iter().map(|p| p.id.as_str()).chain([PAUSED, STOPPED]).map(Arc::from).collect();
        PhaseModel {
            ids,
            name: name.to_owned(),
            phases,
            paused: t.get("phase.paused").into_owned(),
            stopped: t.get("phase.stopped").into_owned(),
        }
    }

    /// Position among the model's phases; `None` for `paused`, `stopped` and unknown ids.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.phases.iter().position(|p| p.id == id)
    }

    pub fn is_state(id: &str) -> bool {
        id == PAUSED || id == STOPPED
    }

    pub fn knows(&self, id: &str) -> bool {
        self.index(id).is_some() || Self::is_state(id)
    }

    /// Every id a project's `phase` may take, in order.
    pub fn all_ids(&self) -> Vec<&str> {
        self.phases.iter().map(|p| p.id.as_str()).chain([PAUSED, STOPPED]).collect()
    }

    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        match id {
            PAUSED => &self.paused,
            STOPPED => &self.stopped,
            _ => self.phases.iter().find(|p| p.id == id).map_or(id, |p| p.label.as_str()),
        }
    }

    /// The label of a phase or state.
    pub fn label_of<'a>(&'a self, phase: &'a PhaseRef) -> &'a str {
        match phase.stage {
            Stage::Step(i) => self.phases.get(i).map_or(phase.id(), |p| p.label.as_str()),
            Stage::Paused => &self.paused,
            Stage::Stopped => &self.stopped,
        }
    }

    pub fn last(&self) -> Option<&Phase> {
        self.phases.last()
    }
}

/// Where a project stands: one of the model's phases (by its position), or a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Step(usize),
    Paused,
    Stopped,
}

/// A `phase` as the front matter names it, resolved once against the portal's model when the
/// file is read: its id as written and where it stands. Printed and serialised as the id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PhaseRef {
    /// The model's own copy of the id: a portal of 10,000 projects holds each id once.
    id: Arc<str>,
    stage: Stage,
}

impl PhaseRef {
    /// The phase or state `id` names in `model`; `None` when it names neither.
    pub fn resolve(model: &PhaseModel, id: &str) -> Option<PhaseRef> {
        let (stage, at) = match id {
            PAUSED => (Stage::Paused, model.phases.len()),
            STOPPED => (Stage::Stopped, model.phases.len() + 1),
            _ => {
                let i = model.index(id)?;
                (Stage::Step(i), i)
            }
        };
        Some(PhaseRef { id: model.ids.get(at)?.clone(), stage })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The model's phase it is, by position; `None` for paused and stopped.
    pub fn step(&self) -> Option<usize> {
        match self.stage {
            Stage::Step(i) => Some(i),
            Stage::Paused | Stage::Stopped => None,
        }
    }

    /// Paused or stopped: the project is not moving through the phases.
    pub fn is_halted(&self) -> bool {
        self.step().is_none()
    }

    pub fn is_stopped(&self) -> bool {
        self.stage == Stage::Stopped
    }

    /// `active`, `paused` or `stopped`, as templates and styles tell them apart.
    pub fn state(&self) -> &'static str {
        match self.stage {
            Stage::Step(_) => "active",
            Stage::Paused => "paused",
            Stage::Stopped => "stopped",
        }
    }
}

impl std::fmt::Display for PhaseRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.id)
    }
}

impl Serialize for PhaseRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_is_resolved_once_to_a_step_or_a_state() {
        let m = PhaseModel::builtin("five-phase", Lang::Da);
        let test = PhaseRef::resolve(&m, "test").unwrap();
        assert_eq!((test.step(), test.state(), test.to_string()), (Some(2), "active", "test".to_owned()));
        let stopped = PhaseRef::resolve(&m, "stopped").unwrap();
        assert!(stopped.is_halted() && stopped.is_stopped() && stopped.step().is_none());
        let paused = PhaseRef::resolve(&m, "paused").unwrap();
        assert!(paused.is_halted() && !paused.is_stopped() && paused.state() == "paused");
        assert_eq!(PhaseRef::resolve(&m, "nytt"), None);
        assert_eq!(serde_json::to_string(&test).unwrap(), "\"test\"");
    }

    #[test]
    fn builtin_models_have_their_phases_in_order() {
        let m = PhaseModel::builtin("five-phase", Lang::Da);
        assert_eq!(m.all_ids(), ["udforsk", "nytaenk", "test", "implementer", "foelg-op", "paused", "stopped"]);
        assert_eq!(m.label("foelg-op"), "Følg op");
        assert_eq!(m.label("paused"), "På pause");
        assert_eq!(m.index("test"), Some(2));
        assert_eq!(m.index("stopped"), None);
        assert!(m.knows("stopped") && !m.knows("nytt"));
        let n3 = PhaseModel::builtin("n3", Lang::Nb);
        assert_eq!(n3.label("nyttig"), "Nyttig");
        assert_eq!(PhaseModel::builtin("blt", Lang::En).label("loesning"), "Solution");
    }
}
