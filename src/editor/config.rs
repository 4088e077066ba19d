//! The editor's configuration (Decap CMS's `config.yml`), made from the content model, never
//! written by hand: a collection per kind of content (and the front page), each field with
//! its widget and rules, selects from this portal's phase model, areas and the fixed
//! choices, relations to innovators and projects, pictures with their alt text beside them,
//! labels and hints in the portal's language. New entries are folders (`<slug>/index.md`),
//! so that their pictures have a place beside them.
//!
//! `tests` hold it to the content model: every field the reader of each section knows
//! (`source::entities::keys`) has its form field, and no other.

use serde_json::{Value, json};

use crate::config::Config;
use crate::i18n::{Lang, Strings};
use crate::model::Section;
use crate::phases::{PAUSED, STOPPED};
use crate::say::Say;

/// The configuration for the portal `config`, saving through `backend` (a Decap backend
/// object: the preview's API, or a git host).
pub fn config(config: &Config, backend: Value) -> Value {
    let form = Form { config, t: config.language.strings(), lang: config.language };
    let mut collections: Vec<Value> = Section::ALL.iter().map(|s| form.collection(*s)).collect();
    collections.push(form.front());
    collections.push(form.settings());
    json!({
        "backend": backend,
        "locale": match config.language { Lang::Da => "da", Lang::Nb => "nb_no", Lang::Nn => "nn_no", Lang::En => "en" },
        "publish_mode": "simple",
        "media_folder": "static/billeder",
        "public_folder": "/billeder",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
    })
}

/// What the fields are made from.
struct Form<'a> {
    config: &'a Config,
    t: &'a Strings,
    lang: Lang,
}

impl Form<'_> {
    fn said(&self, said: Say) -> String {
        said.to(self.lang)
    }

    /// A field `name` with `widget`, its label and hint; optional unless `required`.
    fn field(&self, name: &str, widget: &str, required: bool) -> Value {
        json!({
            "name": name,
            "label": self.said(Say::named(format!("cms.field_{name}"))),
            "hint": self.said(Say::named(format!("cms.hint_{name}"))),
            "widget": widget,
            "required": required,
        })
    }

    /// The same with more settings of its widget.
    fn with(&self, name: &str, widget: &str, required: bool, more: Value) -> Value {
        let mut f = self.field(name, widget, required);
        if let (Some(f), Some(more)) = (f.as_object_mut(), more.as_object()) {
            f.extend(more.clone());
        }
        f
    }

    fn text(&self, name: &str, required: bool) -> Value {
        self.field(name, "string", required)
    }

    fn date(&self, name: &str, required: bool) -> Value {
        let date =
            json!({ "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": false, "picker_utc": true });
        self.with(name, "datetime", required, date)
    }

    fn month(&self, name: &str) -> Value {
        self.with(name, "string", true, json!({ "pattern": ["^[0-9]{4}-[0-9]{2}$", "YYYY-MM"] }))
    }

    fn number(&self, name: &str, required: bool, whole: bool) -> Value {
        self.with(name, "number", required, json!({ "value_type": if whole { "int" } else { "float" } }))
    }

    /// Yes or no. No default: the CMS would then write `false` into every new file, and an
    /// empty picture group (`image: { decorative: false }`) that the build refuses.
    fn boolean(&self, name: &str) -> Value {
        self.field(name, "boolean", false)
    }

    fn select(&self, name: &str, required: bool, options: Vec<(String, String)>, multiple: bool) -> Value {
        let options: Vec<Value> =
            options.into_iter().map(|(value, label)| json!({ "value": value, "label": label })).collect();
        self.with(name, "select", required, json!({ "options": options, "multiple": multiple }))
    }

    /// Choices whose labels are the interface's own (`t.<group>.<value>`).
    fn choices(&self, group: &str, values: &[&str]) -> Vec<(String, String)> {
        values.iter().map(|v| ((*v).to_owned(), self.t.get(&format!("{group}.{v}")).into_owned())).collect()
    }

    /// The phases of the portal's model, then paused and stopped.
    fn phases(&self, name: &str, required: bool, multiple: bool, states: bool) -> Value {
        let model = &self.config.phase_model;
        let mut ids: Vec<&str> = model.phases.iter().map(|p| p.id.as_str()).collect();
        if states {
            ids.extend([PAUSED, STOPPED]);
        }
        let options = ids.iter().map(|id| ((*id).to_owned(), model.label(id).to_owned())).collect();
        self.select(name, required, options, multiple)
    }

    /// A choice of innovators (by name, keeping the file's name) or projects (by title).
    fn relation(&self, name: &str, to: Section, multiple: bool) -> Value {
        let shown = if to == Section::Innovators { "name" } else { "title" };
        let more = json!({
            "collection": to.folder(),
            "search_fields": [shown],
            "display_fields": [shown],
            "value_field": "{{slug}}",
            "multiple": multiple,
        });
        self.with(name, "relation", !multiple && name == "project", more)
    }

    fn list_of(&self, name: &str, fields: Vec<Value>) -> Value {
        self.with(name, "list", false, json!({ "fields": fields }))
    }

    /// A list of plain words (`tags`, `partners`).
    fn words(&self, name: &str) -> Value {
        self.field(name, "list", false)
    }

    /// A picture and, beside it, its alt text or that it is decoration.
    fn picture(&self, name: &str) -> Value {
        let fields = vec![
            // Not required in the form: the CMS would then ask for a picture on every page
            // that has none. The build still refuses a picture without its file.
            self.with("src", "image", false, json!({ "choose_url": false })),
            self.text("alt", false),
            self.boolean("decorative"),
        ];
        self.with(name, "object", false, json!({ "fields": fields, "collapsed": false }))
    }

    fn area(&self, required: bool) -> Value {
        if self.config.areas.is_empty() {
            return self.text("area", required);
        }
        let options = self.config.areas.iter().map(|a| (a.clone(), a.clone())).collect();
        self.select("area", required, options, false)
    }

    /// `language`, on a Norwegian portal only: the page's written form.
    fn language(&self) -> Option<Value> {
        matches!(self.lang, Lang::Nb | Lang::Nn).then(|| {
            let options = ["nb", "nn"].map(|c| (c.to_owned(), self.said(Say::named(format!("cms.language_{c}")))));
            self.select("language", false, options.into(), false)
        })
    }

    fn body(&self) -> Value {
        self.field("body", "markdown", false)
    }

    /// A section's form fields, in the order docs/content.md lists them.
    fn fields(&self, section: Section) -> Vec<Value> {
        let mut fields = match section {
            Section::Projects => vec![
                self.text("title", true),
                self.field("summary", "text", true),
                self.phases("phase", true, false, true),
                self.select("kind", true, self.choices("kind", &["everyday", "radical"]), false),
                self.area(true),
                self.words("tags"),
                self.date("started", true),
                self.date("ended", false),
                self.relation("owner", Section::Innovators, false),
                self.relation("team", Section::Innovators, true),
                self.words("partners"),
                self.select(
                    "origin",
                    false,
                    self.choices("origin", &["staff", "citizen", "politician", "business", "other"]),
                    false,
                ),
                self.boolean("via_portal"),
                self.list_of(
                    "history",
                    vec![
                        self.phases("phase", true, false, true),
                        self.date("date", true),
                        self.text("decision", false),
                        self.text("note", false),
                    ],
                ),
                self.fundamentals(),
                self.list_of(
                    "benefits",
                    vec![
                        self.text("name", true),
                        self.text("unit", true),
                        self.number("planned", false, false),
                        self.number("realized", false, false),
                    ],
                ),
                self.relation("related", Section::Projects, true),
                self.picture("image"),
                self.with("video", "string", false, json!({ "pattern": ["^https?://", "https://…"] })),
                self.number("prize", false, true),
                self.boolean("draft"),
                self.date("updated", false),
            ],
            Section::Innovators => vec![
                self.text("name", true),
                self.text("role", false),
                self.text("workplace", true),
                self.area(false),
                self.date("certified", false),
                self.boolean("leader"),
                self.with(
                    "contact",
                    "object",
                    false,
                    json!({ "fields": [self.boolean("consent"), self.text("email", false), self.text("phone", false)] }),
                ),
                self.picture("photo"),
            ],
            Section::Strategy => vec![
                self.text("title", true),
                self.number("weight", false, true),
                self.list_of(
                    "targets",
                    vec![
                        self.text("label", true),
                        self.number("target", true, false),
                        self.select(
                            "count",
                            false,
                            ["innovators", "leaders"]
                                .map(|c| (c.to_owned(), self.said(Say::named(format!("cms.count_{c}")))))
                                .into(),
                            false,
                        ),
                        self.number("value", false, false),
                    ],
                ),
                self.list_of(
                    "plan",
                    vec![
                        self.text("activity", true),
                        self.month("start"),
                        self.month("end"),
                        self.select("status", true, self.choices("status", &["planned", "ongoing", "done"]), false),
                    ],
                ),
                self.picture("image"),
            ],
            Section::Results => vec![
                self.text("title", true),
                self.date("date", true),
                self.relation("project", Section::Projects, false),
                self.list_of(
                    "effects",
                    vec![self.text("name", true), self.text("unit", true), self.number("value", true, false)],
                ),
                self.picture("image"),
            ],
            Section::News => vec![
                self.text("title", true),
                self.date("date", true),
                self.field("summary", "text", true),
                self.relation("projects", Section::Projects, true),
                self.text("author", false),
                self.picture("image"),
            ],
            Section::Methods => vec![
                self.text("title", true),
                self.field("summary", "text", true),
                self.phases("phases", false, true, false),
                self.text("duration", false),
                self.text("participants", false),
                self.with(
                    "download",
                    "object",
                    false,
                    json!({ "fields": [self.with("src", "file", false, json!({ "choose_url": false })), self.text("label", false)] }),
                ),
            ],
            Section::Pages => {
                vec![self.text("title", true), self.number("weight", false, true), self.boolean("menu")]
            }
            Section::Front => vec![self.text("title", false), self.picture("image")],
        };
        if section != Section::Front {
            fields.push(self.words("aliases"));
        }
        fields.extend(self.language());
        fields.push(self.body());
        fields
    }

    fn fundamentals(&self) -> Value {
        let fields: Vec<Value> = crate::model::Fundamentals::NAMES
            .iter()
            .map(|n| {
                // Optional in the form, as the group is: the build asks for all five once one is given.
                let mut f = self.with(n, "number", false, json!({ "value_type": "int", "min": 0, "max": 5 }));
                f["label"] = json!(self.t.get(&format!("fundamental.{n}")));
                f
            })
            .collect();
        self.with("fundamentals", "object", false, json!({ "fields": fields }))
    }

    /// A folder of entries; a new one is a folder of its own with its pictures beside it.
    fn collection(&self, section: Section) -> Value {
        let name = section.folder();
        json!({
            "name": name,
            "label": self.said(Say::named(format!("cms.collection_{name}"))),
            "label_singular": self.said(Say::named(format!("cms.collection_{name}_one"))),
            "folder": format!("content/{name}"),
            "create": true,
            "delete": true,
            "extension": "md",
            "format": "frontmatter",
            "path": "{{slug}}/index",
            "media_folder": "",
            "public_folder": "",
            "identifier_field": if section == Section::Innovators { "name" } else { "title" },
            "fields": self.fields(section),
        })
    }

    /// A setting of portal.yaml: labelled `cms.setting_<name>`, hinted `cms.setting_hint_<name>`.
    fn setting(&self, name: &str, widget: &str, required: bool, more: Value) -> Value {
        let mut f = json!({
            "name": name,
            "label": self.said(Say::named(format!("cms.setting_{name}"))),
            "hint": self.said(Say::named(format!("cms.setting_hint_{name}"))),
            "widget": widget,
            "required": required,
        });
        if let (Some(f), Some(more)) = (f.as_object_mut(), more.as_object()) {
            f.extend(more.clone());
        }
        f
    }

    /// A group of settings (`contact:`), optional unless `required`.
    fn settings_group(&self, name: &str, required: bool, fields: Vec<Value>) -> Value {
        self.setting(name, "object", required, json!({ "collapsed": !required, "fields": fields }))
    }

    /// The portal's settings that communication staff keep (portal.yaml): its name, the
    /// kommune, the contact address, the idea form, the accessibility statement, the areas,
    /// the open data's licence and search words. The technical ones (the address it is
    /// published at, language, phase model, paths, pictures, the git host) are not in the form;
    /// the CMS keeps them as they are, and nyttig writes the file back in its own layout.
    fn settings(&self) -> Value {
        let label = self.said(Say::named("cms.collection_settings".to_owned()));
        let text = |name: &str, required: bool| self.setting(name, "string", required, json!({}));
        let date =
            json!({ "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": false, "picker_utc": true });
        let fields = vec![
            text("title", true),
            text("municipality", true),
            self.settings_group("contact", true, vec![text("email", true)]),
            self.settings_group("ideas", false, vec![text("form_action", false)]),
            self.settings_group(
                "accessibility",
                false,
                vec![text("statement_url", false), self.setting("updated", "datetime", false, date)],
            ),
            self.setting("areas", "list", false, json!({})),
            self.settings_group("open_data", false, vec![text("licence", false), text("licence_url", false)]),
            self.settings_group("search", false, vec![self.setting("compounds", "list", false, json!({}))]),
        ];
        json!({
            "name": "settings",
            "label": label,
            "delete": false,
            "editor": { "preview": false },
            "files": [{ "name": "portal", "label": label, "file": "portal.yaml", "format": "yaml", "fields": fields }],
        })
    }

    /// The front page's text, `content/_index.md`.
    fn front(&self) -> Value {
        let label = self.said(Say::named("cms.collection_front".to_owned()));
        json!({
            "name": "front",
            "label": label,
            "files": [{
                "name": "front",
                "label": label,
                "file": "content/_index.md",
                "fields": self.fields(Section::Front),
            }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal(language: &str) -> Config {
        let yaml = format!(
            "title: T\nbase_url: https://x.example/\nlanguage: {language}\nmunicipality: M\nphase_model: five-phase\nareas: [Ældre og sundhed, Klima]\ncontact: {{ email: a@x.example }}\n"
        );
        crate::source::portal::read("portal.yaml", &yaml, None).unwrap()
    }

    #[test]
    fn every_setting_in_the_form_is_one_portal_yaml_has() {
        let c = config(&portal("da"), json!({ "name": "proxy" }));
        let settings = c["collections"].as_array().unwrap().iter().find(|c| c["name"] == "settings").unwrap();
        assert_eq!(settings["files"][0]["file"], "portal.yaml");
        for f in settings["files"][0]["fields"].as_array().unwrap() {
            let name = f["name"].as_str().unwrap();
            assert!(crate::source::portal::KEYS.contains(&name), "{name} is not a setting of portal.yaml");
            assert!(!f["label"].as_str().unwrap().starts_with("cms."), "{name} has its label");
        }
    }

    #[test]
    fn every_field_of_the_content_model_has_its_form_field_and_no_other() {
        let c = config(&portal("nb"), json!({ "name": "proxy" }));
        for collection in c["collections"].as_array().unwrap().iter().filter(|c| c["name"] != "settings") {
            let fields = collection.get("fields").unwrap_or_else(|| &collection["files"][0]["fields"]);
            let mut top: Vec<String> =
                fields.as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_owned()).collect();
            let section = Section::from_folder(collection["name"].as_str().unwrap()).unwrap_or(Section::Front);
            let mut known: Vec<String> =
                crate::source::entities::keys(section).iter().map(|k| (*k).to_owned()).collect();
            known.push("body".to_owned());
            top.sort();
            known.sort();
            assert_eq!(top, known, "{section:?}");
            for f in fields.as_array().unwrap() {
                for said in ["label", "hint"] {
                    assert!(f[said].as_str().is_some_and(|l| !l.is_empty() && !l.contains("cms.")), "{said}: {f}");
                }
            }
        }
    }

    #[test]
    fn choices_come_from_the_portal_and_its_language() {
        let c = config(&portal("da"), json!({ "name": "proxy" }));
        let projects = &c["collections"][1];
        assert_eq!(projects["folder"], "content/projects");
        assert_eq!(projects["path"], "{{slug}}/index", "a new project is a folder for its pictures");
        let field =
            |name: &str| projects["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap().clone();
        let phase = field("phase");
        let phases: Vec<&str> =
            phase["options"].as_array().unwrap().iter().map(|o| o["value"].as_str().unwrap()).collect();
        assert_eq!(phases, ["udforsk", "nytaenk", "test", "implementer", "foelg-op", "paused", "stopped"]);
        assert_eq!(field("phase")["options"][0]["label"], "Udforsk");
        assert_eq!(field("area")["options"][1]["value"], "Klima");
        assert_eq!(field("owner")["collection"], "innovators");
        assert_eq!(field("fundamentals")["fields"][1]["label"], "Løsning");
        assert_eq!(field("kind")["options"][0]["label"], "Hverdagsinnovation");
        assert_eq!(c["locale"], "da");
        assert!(
            !projects["fields"].as_array().unwrap().iter().any(|f| f["name"] == "language"),
            "a Danish portal has one language"
        );
        let image = field("image");
        let inner: Vec<&str> =
            image["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(inner, ["src", "alt", "decorative"], "the alt text stands beside its picture");
    }
}
